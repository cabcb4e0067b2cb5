/**
 * Small lexicons written for Hearken (project licence), used as extra training signal for the
 * shipped models: each entry becomes a one-line training example, which gives words that the
 * small permissive corpora never show a sensible starting weight.
 */
function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

export const POSITIVE_WORDS = words(`
  good great excellent amazing awesome fantastic wonderful brilliant superb outstanding perfect
  lovely nice fine cool fun funny happy glad pleased delighted thrilled excited joy joyful love
  loved loving loves adore adorable beautiful gorgeous pretty cute sweet kind friendly helpful
  polite generous thoughtful caring grateful thankful thanks thank appreciate appreciated
  appreciation best better win won winning winner success successful congrats congratulations
  proud impressive impressed incredible fabulous marvellous marvelous stunning spectacular
  enjoy enjoyed enjoying enjoyable pleasure pleasant comfortable comfy relaxed relaxing calm
  peaceful safe smooth easy quick fast efficient reliable recommend recommended favourite
  favorite fav yay woohoo hooray wow blessed lucky fortunate hope hopeful optimistic positive
  inspiring inspired inspiration strong smart clever genius talented legend legendary epic
  beauty paradise heaven heavenly delicious tasty yummy fresh bright sunny warm cheerful
  smile smiling smiles laugh laughing laughed lol haha hahaha lmao rofl hug hugs kiss kisses
  celebrate celebrating celebration party fantastic brilliant sorted resolved fixed solved
  refunded quickly promptly seamless flawless satisfied satisfying worth valuable improved
  improvement upgrade bonus free gift reward rewarding support supportive encouraging
  excited exciting fascinating interesting beautifully nicely perfectly wonderfully gladly
  honored honoured privilege welcome welcoming awesome sweetest greatest finest coolest
  ecstatic elated euphoric overjoyed content contented fulfilled motivated energetic
  glorious magnificent remarkable terrific splendid super superb tremendous
  champion champions victory victories triumph hero heroes heroic brave courage courageous
  honest honesty trust trusted loyal faithful kindness gentle warmth grace graceful elegant
  charming delightful gorgeous handsome cutest sexy hot fire lit dope banging
  wonderful blessing blessings miracle miracles peace loveit luv luvs xoxo bless
  agree agreed support supported supporting thrive thriving prosper healthy healed heal
  recovered recovery rescue rescued saved saving gain gains growth boost boosted rise rising
  fan fans favorite favourites classic masterpiece genius hilarious lmfao cheers toast
  ready excited cantwait stoked pumped hyped glad grateful
  relief relieved comfort comforting cozy fresh freedom free fair justice united together
  joyous jolly merry festive cheer cheering applause applaud praise praised
  admire admired respect respected worthy deserve deserved achievement achieve achieved
  accomplished accomplishment pride proudly sunshine rainbow smiley smiles beloved dear
  darling sweetheart honey babe kindly generous generosity volunteer donate donated charity
  promising progress solution solutions
  `);

export const NEGATIVE_WORDS = words(`
  bad terrible horrible awful dreadful poor worse worst crap crappy rubbish garbage trash junk
  useless pointless hopeless worthless broken broke fail failed fails failing failure faulty
  wrong error errors bug buggy glitch crash crashed crashes down outage slow delay delayed
  delays late cancelled canceled lost missing stuck stranded waiting wait queue hold
  problem problems issue issues trouble difficult hard annoying annoyed annoy irritating
  irritated frustrating frustrated frustration disappointing disappointed disappointment
  sad unhappy upset miserable depressed depressing depression lonely alone cry crying cried
  tears hurt hurts hurting pain painful sick ill ugly nasty gross disgusting disgusted
  horrible hate hated hates hating dislike angry anger mad furious livid outraged outrage
  rage pissed fuming sucks suck sucked stupid dumb idiot idiots idiotic ridiculous absurd
  pathetic shameful shame disgrace disgraceful unacceptable incompetent incompetence rude
  unhelpful unprofessional liar lies lying scam scammed fraud cheat cheated ripoff
  overcharged overpriced expensive charged refund complaint complain complaining worried
  worry worrying anxious anxiety scared afraid fear fearful nervous stress stressed stressful
  tired exhausted bored boring dull fake fraudulent dangerous unsafe dirty smelly noisy
  damaged damage destroyed ruin ruined ruins mess messed nightmare disaster catastrophe
  tragic tragedy death dead die died dying kill killed killing murder war attack attacked
  violence violent crime criminal abuse abused victim poverty racist racism hatred evil
  cruel guilty sorry regret regrets loser losing loss lose damn dammit hell wtf ugh argh
  meh sigh boo awful terrible ignored ignoring neglected abandoned unfair unjust injustice
  wasted waste horrendous atrocious appalling abysmal shocking shocked dreadful lame weak
  terror terrorist terrorists terrorism bomb bombing bombed shooting shot gun guns
  massacre genocide crisis collapse collapsed crash recession unemployment
  fired layoffs bankrupt debt poor homeless hunger starving famine disease virus outbreak
  cancer flu injured injury wounded hospitalised hospitalized emergency accident fatal
  protest protests riot riots corrupt corruption scandal propaganda threat
  threatens threatened threatening warn warning danger risk risky
  disappoint disappoints heartbroken heartbreaking grief grieve
  mourning rip condolences sadly unfortunately unfortunate sadness sorrow misery suffering
  suffer suffered struggle struggling hopeless helpless worthless isolated
  ashamed embarrassing embarrassed humiliating awkward cringe annoyingly painfully sickening
  disgusts hateful bitter jealous envy greedy selfish arrogant ignorant bully bullying
  harass harassment assault abused exploit exploited discrimination sexist bigot bigotry
  offensive insult insulted mock mocking blame blamed accuse accused arrest
  arrested prison jail sentenced banned ban denied refuse refused reject rejected rejection
  tiring exhausting headache migraine nausea vomit puke fever cough
  `);

/** Words that express anger specifically, not just negativity. */
export const ANGER_WORDS = words(`
  angry anger furious fury livid rage raging enraged outraged outrage mad pissed fuming
  infuriating infuriated irate seething hate hatred hateful loathe despise disgusted
  disgusting wtf damn dammit bloody hell screw idiot idiots stupid moron morons pathetic
  ridiculous unacceptable disgrace disgraceful shameful incompetent useless joke clowns
  sick unbelievable outrageous scam scammers liars thieves robbery insult insulting
  rude arrogant ignorant annoying annoyed irritated irritating frustrated frustrating
  `);

/** Self-written complaint sentences: a customer reporting a problem that needs attention. */
export const COMPLAINT_SENTENCES = [
  'my order never arrived and nobody answers',
  'still waiting for my refund after three weeks',
  'you charged me twice for the same thing',
  'the app keeps crashing when i try to log in',
  'my card was declined again for no reason',
  'i have been on hold for an hour',
  'the delivery is late again',
  'nobody has replied to my email',
  'my package is missing',
  'the internet has been down all day',
  'i was overcharged on my bill',
  'this is the worst customer service ever',
  'my flight was cancelled and no one helped',
  'lost my luggage and no update',
  'the product arrived broken',
  'i want my money back',
  'why is my account locked',
  'the transfer failed and the money is gone',
  'your website is not working',
  'i still have not received my card',
  'please fix this problem',
  'this is unacceptable',
  'been waiting for days with no response',
  'the service keeps cutting out',
  'wrong item delivered',
  'my payment is stuck pending',
  'can someone help me, nobody is answering',
  'the engineer never turned up',
  'my bill is wrong again',
  'still no refund',
];

/** Self-written sentences that need no attention: thanks, chat, general statements. */
export const NON_COMPLAINT_SENTENCES = [
  'thanks for the quick help',
  'great service today',
  'love the new update',
  'what time do you open tomorrow',
  'just had a lovely weekend',
  'happy birthday to my sister',
  'watching the game tonight',
  'the weather is nice today',
  'thank you for sorting it out so fast',
  'looking forward to the holidays',
  'good morning everyone',
  'the new menu looks tasty',
  'my order arrived early, thanks',
  'can you tell me where the nearest store is',
  'cheers for the help earlier',
];
