import { readFileSync } from 'node:fs';

export interface TwcsReference {
  rows: number;
  inbound: number;
  outbound: number;
  /** Distinct authors of brand (inbound=False) tweets. */
  brands: number;
  /** Connected components of the reply graph (tweet to in_response_to, both in the file). */
  components: number;
  /** Components with at least one customer tweet: the conversations an import should yield. */
  componentsWithInbound: number;
}

/**
 * Figures for a TWCS file computed without the import code: the whole file read at once, a
 * small regex CSV tokeniser of its own and a union-find over reply links. Tests compare the
 * readers and the end-to-end import with these.
 */
export function twcsReference(file: string): TwcsReference {
  const text = readFileSync(file, 'utf8').replace(/\r(?!\n)/g, ' ');
  const [header, ...records] = tokeniseCsv(text);
  if (!header) throw new Error(`${file} is empty`);
  const column = (name: string) => {
    const position = header.indexOf(name);
    if (position === -1) throw new Error(`${file} has no column ${name}`);
    return position;
  };
  const idColumn = column('tweet_id');
  const authorColumn = column('author_id');
  const inboundColumn = column('inbound');
  const parentColumn = column('in_response_to_tweet_id');

  const parentOf = new Map<string, string>();
  for (const record of records) {
    const id = record[idColumn] as string;
    parentOf.set(id, id);
  }
  const find = (id: string): string => {
    let root = id;
    while (parentOf.get(root) !== root) root = parentOf.get(root) as string;
    let current = id;
    while (current !== root) {
      const next = parentOf.get(current) as string;
      parentOf.set(current, root);
      current = next;
    }
    return root;
  };

  let inbound = 0;
  const brands = new Set<string>();
  for (const record of records) {
    const isInbound = record[inboundColumn] === 'True';
    if (isInbound) inbound++;
    else brands.add(record[authorColumn] as string);
    const parentText = record[parentColumn] ?? '';
    if (parentText === '') continue;
    const parent = String(Math.trunc(Number(parentText)));
    if (!parentOf.has(parent)) continue;
    parentOf.set(find(record[idColumn] as string), find(parent));
  }

  const roots = new Set<string>();
  const rootsWithInbound = new Set<string>();
  for (const record of records) {
    const root = find(record[idColumn] as string);
    roots.add(root);
    if (record[inboundColumn] === 'True') rootsWithInbound.add(root);
  }
  return {
    rows: records.length,
    inbound,
    outbound: records.length - inbound,
    brands: brands.size,
    components: roots.size,
    componentsWithInbound: rootsWithInbound.size,
  };
}

/** RFC 4180 by regex, for whole strings; deliberately shares no code with platform/csv.ts. */
function tokeniseCsv(text: string): string[][] {
  const records: string[][] = [];
  const field = /"((?:[^"]|"")*)"|([^,\n"]*)/y;
  let record: string[] = [];
  let position = 0;
  while (position < text.length) {
    field.lastIndex = position;
    const match = field.exec(text);
    if (!match) throw new Error(`cannot tokenise CSV at offset ${position}`);
    const value = match[1] !== undefined ? match[1].replace(/""/g, '"') : (match[2] ?? '');
    position = field.lastIndex;
    const separator = text[position];
    if (separator === ',') {
      record.push(value);
      position++;
    } else if (separator === '\n' || separator === undefined) {
      record.push(match[1] !== undefined ? value : value.replace(/\r$/, ''));
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      position++;
    } else if (separator === '\r' && text[position + 1] === '\n') {
      record.push(value);
      records.push(record);
      record = [];
      position += 2;
    } else {
      throw new Error(`unexpected ${JSON.stringify(separator)} at offset ${position}`);
    }
  }
  return records;
}
