import { tokenise } from '../../nlp/index.js';

/**
 * Words that say nothing about what a message is about. Themes group by topic, so function
 * words, greetings and politeness go (sentiment is measured separately, by the classifiers).
 */
const stopwords = new Set(
  (
    "a about above after again against all also am an and any are aren't as at be because been " +
    "before being below between both but by can can't cannot could couldn't did didn't do does " +
    "doesn't doing don't down during each even ever every few for from further get gets getting " +
    "got gotten had hadn't has hasn't have haven't having he her here hers herself him himself " +
    "his how i i'd i'll i'm i've if in into is isn't it it's its itself just let let's me " +
    'more most much must my myself no nor not now of off on once one only or other our ours ' +
    "ourselves out over own same she should shouldn't so some still such than that that's the " +
    "their theirs them themselves then there there's these they they're this those through to " +
    "too under until up upon us very was wasn't we we're we've were weren't what what's when " +
    "where which while who whom why will with won't would wouldn't yet you you're you've your " +
    'yours yourself im ive id dont doesnt didnt cant wont isnt arent wasnt youre thats theres ' +
    'hi hey hello please pls plz thanks thank thx ty rt amp via u ur r ya yes yeah ok okay oh ' +
    'lol really well like way make made see know need want go going gonna wanna one two also ' +
    'back today day time still already again anyone someone something anything thing things'
  ).split(' '),
);

/**
 * A light suffix stripper (plural, -ed, -ing): "delays", "delayed" and "delaying" share "delay"
 * without a dictionary. Crude on purpose; labels show the words as written, not the stems.
 */
export function stem(word: string): string {
  let result = word;
  if (result.endsWith("'s")) result = result.slice(0, -2);
  if (result.length > 4 && result.endsWith('ies')) return `${result.slice(0, -3)}y`;
  if (result.length > 4 && result.endsWith('sses')) return result.slice(0, -2);
  if (result.length > 5 && result.endsWith('ing')) result = result.slice(0, -3);
  else if (result.length > 4 && result.endsWith('ed')) result = result.slice(0, -2);
  else if (
    result.length > 3 &&
    result.endsWith('s') &&
    !result.endsWith('ss') &&
    !result.endsWith('us') &&
    !result.endsWith('is')
  ) {
    result = result.slice(0, -1);
  }
  const last = result.charCodeAt(result.length - 1);
  if (result.length > 3 && last === result.charCodeAt(result.length - 2) && last !== 0x73) {
    result = result.slice(0, -1);
  }
  return result;
}

export interface ThemeTerm {
  stem: string;
  /** The word as written (lower-cased), for labels. */
  word: string;
}

const negationPrefix = 'NEG_';

/** The topical words of a message, in order, with their stems. */
export function themeTerms(text: string): ThemeTerm[] {
  const terms: ThemeTerm[] = [];
  for (const token of tokenise(text)) {
    const first = token.charCodeAt(0);
    // Placeholders (<url>, <user>), punctuation and emoji carry no topic.
    if (first === 0x3c || first < 0x30) continue;
    const word = token.startsWith(negationPrefix) ? token.slice(negationPrefix.length) : token;
    if (word.length < 3 || stopwords.has(word)) continue;
    if (word.charCodeAt(0) <= 0x39) continue; // starts with a digit
    const stemmed = stem(word);
    if (stemmed.length < 3 || stopwords.has(stemmed)) continue;
    terms.push({ stem: stemmed, word });
  }
  return terms;
}
