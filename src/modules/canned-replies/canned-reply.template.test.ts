import { describe, expect, it } from 'vitest';
import { renderTemplate, unknownVariables } from './canned-reply.template.js';

describe('canned reply templates', () => {
  it('fills the known variables, with or without spaces inside the braces', () => {
    expect(
      renderTemplate('Hi {{contact.name}}, {{ agent.name }} here about #{{conversation.id}}.', {
        'contact.name': 'Robin',
        'agent.name': 'Sam',
        'conversation.id': '42',
      }),
    ).toBe('Hi Robin, Sam here about #42.');
  });

  it('leaves unknown or missing variables visible', () => {
    expect(renderTemplate('Hi {{contact.nmae}} {{agent.name}}', {})).toBe(
      'Hi {{contact.nmae}} {{agent.name}}',
    );
    expect(unknownVariables('{{contact.nmae}} {{agent.name}} {{ }}')).toEqual(['contact.nmae', '']);
  });

  it('does not treat a value as a template again', () => {
    expect(renderTemplate('{{contact.name}}', { 'contact.name': '{{agent.name}}' })).toBe(
      '{{agent.name}}',
    );
  });
});
