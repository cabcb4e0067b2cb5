/** The variables a canned reply may use; anything else in braces is left as written. */
export const templateVariables = ['contact.name', 'agent.name', 'conversation.id'] as const;
export type TemplateVariable = (typeof templateVariables)[number];

/**
 * Fills `{{variable}}` placeholders. Unknown names stay visible in the text on purpose, so an
 * agent sees a typo in the composer before sending instead of a silent gap.
 */
export function renderTemplate(
  template: string,
  values: Partial<Record<TemplateVariable, string>>,
): string {
  return template.replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi, (whole, name: string) => {
    const value = values[name.toLowerCase() as TemplateVariable];
    return value ?? whole;
  });
}

/** Names used in a template that are not variables, for validation when saving. */
export function unknownVariables(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!(templateVariables as readonly string[]).includes(name)) unknown.add(match[1] ?? '');
  }
  return [...unknown];
}
