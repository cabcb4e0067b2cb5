import { weekdays } from '../../components/format.js';
import { timezones } from '../../components/timezones.js';
import type { TeamCalendar, Weekday } from './calendar-problems.js';
import { HoursEditor } from './hours-editor.js';

type CalendarException = TeamCalendar['exceptions'][number];

const dayName = (day: string) => day[0]?.toUpperCase() + day.slice(1);

/** Timezone, weekly hours and holidays of one team, edited in place and saved together. */
export function BusinessHoursEditor({
  calendar,
  onChange,
}: {
  calendar: TeamCalendar;
  onChange(calendar: TeamCalendar): void;
}) {
  const zones = timezones.includes(calendar.timezone)
    ? timezones
    : [calendar.timezone, ...timezones];
  const setDay = (day: Weekday, hours: TeamCalendar['weekly'][Weekday]) =>
    onChange({ ...calendar, weekly: { ...calendar.weekly, [day]: hours } });
  const setException = (index: number, change: Partial<CalendarException>) =>
    onChange({
      ...calendar,
      exceptions: calendar.exceptions.map((entry, at) =>
        at === index ? { ...entry, ...change } : entry,
      ),
    });

  return (
    <div className="calendar-editor">
      <label className="field">
        <span>Timezone</span>
        <select
          value={calendar.timezone}
          onChange={(event) => onChange({ ...calendar, timezone: event.target.value })}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </label>

      <fieldset className="weekly">
        <legend>Weekly hours (local time of the team)</legend>
        {weekdays.map((day) => (
          <div className="weekday-row" key={day}>
            <span className="weekday-name">{dayName(day)}</span>
            <HoursEditor
              label={dayName(day)}
              hours={calendar.weekly[day] ?? []}
              onChange={(hours) => setDay(day, hours)}
              emptyText="Closed"
            />
          </div>
        ))}
      </fieldset>

      <fieldset className="exceptions">
        <legend>Holidays and special days</legend>
        {calendar.exceptions.length === 0 && <p className="hint">None.</p>}
        {calendar.exceptions.map((exception, index) => (
          // A new row has no date yet to key on; rows are identified by position.
          <div className="exception-row" key={index}>
            <input
              type="date"
              aria-label={`Holiday ${index + 1} date`}
              value={exception.date}
              onChange={(event) => setException(index, { date: event.target.value })}
            />
            <input
              type="text"
              aria-label={`Holiday ${index + 1} name`}
              placeholder="Name, e.g. Christmas Day"
              value={exception.name}
              maxLength={200}
              onChange={(event) => setException(index, { name: event.target.value })}
            />
            <HoursEditor
              label={`Holiday ${index + 1}`}
              hours={exception.hours}
              onChange={(hours) => setException(index, { hours })}
              emptyText="Closed all day"
            />
            <button
              type="button"
              className="link"
              onClick={() =>
                onChange({
                  ...calendar,
                  exceptions: calendar.exceptions.filter((_, at) => at !== index),
                })
              }
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            onChange({
              ...calendar,
              exceptions: [...calendar.exceptions, { date: '', name: '', hours: [] }],
            })
          }
        >
          Add a holiday
        </button>
      </fieldset>
    </div>
  );
}
