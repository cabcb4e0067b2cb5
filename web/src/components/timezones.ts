/** The IANA timezones this browser knows, for the timezone pickers. */
export const timezones: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();
