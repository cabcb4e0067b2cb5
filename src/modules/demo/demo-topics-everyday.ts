import { type DemoTopic, uniformDays } from './demo-topic.js';

/** The steady background of a support inbox, written for the demo. */
export const cardDelivery: DemoTopic = {
  key: 'card-delivery',
  weight: 0.17,
  dayWeight: uniformDays,
  accounts: [
    ['emailBilling', 0.3],
    ['whatsapp', 0.25],
    ['facebook', 0.2],
    ['twitterHelp', 0.25],
  ],
  openers: [
    "Ordered a replacement card {days} days ago and it still hasn't arrived. The app says 'dispatched'. Where is it?",
    'My new card was supposed to arrive last week. I fly to {city} on {weekday} and have no card.',
    'Third time asking: where is my card? Order reference {ref}.',
    'Card arrived, but at my old address, even though I updated it in the app a month ago.',
    "How long does a new debit card usually take? It's been {days} days.",
    "Still waiting for a card after mine was cancelled for fraud. Can't pay for anything in shops.",
  ],
  emailOpeners: [
    "My card ending {last4} was blocked on {date} after suspicious transactions, and I was told a new one would arrive within 5 working days. It has now been {days} days and I'm paying for everything with my partner's card. Could you check where the card is, or send a new one by express post?",
    "I updated my address in the app at the start of the month, but I'm worried the new card went to the old one. Can you confirm which address it was sent to?",
  ],
  replies: [
    "Sorry it's taking so long. Cards are taking up to 10 working days with the postal service at the moment. Could you {private} so we can check the dispatch date?",
    "Sorry about this. We've cancelled the card in transit to keep you safe and ordered a new one by express delivery, free of charge. It should arrive within 3 working days.",
    'Thanks for your patience. Until the card arrives you can pay with your phone: the virtual card is in the app under Cards.',
    "We've checked: the card went to the address on file on {date}. We've updated the address and sent a new card there.",
  ],
  followUps: [
    'Sent. Please hurry, I fly on {weekday}.',
    "Virtual card works, thanks, didn't know that existed.",
    'Express would be great. Thank you.',
    '10 working days for a plastic card is ridiculous.',
    'Still nothing in the mail today.',
  ],
  secondReplies: [
    "We've ordered an express card for you, tracking number {ref}. It should arrive within 2 working days.",
    "Thanks for letting us know. We've escalated it to our card team ({ref}) and will update you tomorrow.",
  ],
  closers: [
    'Card arrived today. Thanks for sorting it.',
    'Got it, thanks {agent}!',
    "Arrived, finally. Would've been nice not to have to chase it.",
  ],
  answerRate: 0.75,
};

export const paymentProblem: DemoTopic = {
  key: 'payment-problem',
  weight: 0.1,
  dayWeight: uniformDays,
  accounts: [
    ['emailBilling', 0.45],
    ['whatsapp', 0.2],
    ['twitterHelp', 0.2],
    ['facebook', 0.15],
  ],
  openers: [
    "I've been charged twice for the same payment at {merchant}, {amount} each. Please refund one.",
    {
      text: "There's a {amount} payment on my account I don't recognise. I didn't make it. What do I do?",
      replies: [
        "Thanks for telling us quickly. We've blocked the card to keep you safe and opened an investigation ({ref}). A new card is on its way.",
      ],
    },
    {
      text: "The refund from {merchant} was issued {days} days ago but it's still not in my account.",
      replies: [
        "Refunds can take up to 5 working days to reach us from the merchant's bank. Could you {private} with the refund date so we can trace it?",
      ],
    },
    {
      text: 'You charged me an overdraft fee even though I had money in the account. Not OK.',
      replies: [
        "Sorry for the trouble. We've refunded the overdraft fee: a payment cleared a few hours before your salary did. You'll see the refund tomorrow.",
      ],
    },
  ],
  emailOpeners: [
    'On {date} I paid {merchant} {amount} by card, and the same amount was taken twice. The merchant says they only received one payment and that I should contact my bank. Please return the duplicate payment.',
    {
      text: 'I can see a payment of {amount} to a company I have never heard of. I still have my card and have not shared its details with anyone. Please block the card and investigate.',
      replies: [
        "Thank you for letting us know. We've blocked the card and opened an investigation ({ref}); a new card is on its way. We'll be in touch within 5 working days.",
      ],
    },
  ],
  replies: [
    "Sorry about that. A duplicate card payment usually drops off within 3 working days once the merchant settles. If it's still there after that, we'll raise a dispute for you straight away.",
    "Sorry for the hassle. We've asked {merchant}'s bank to reverse the second payment ({ref}).",
  ],
  followUps: [
    "It's been 3 days and it's still there.",
    'Thanks. How long does the investigation take?',
    'Sent you the confirmation.',
    'Thanks, appreciate it.',
  ],
  secondReplies: [
    "We've raised a dispute ({ref}); the {amount} will be back in your account within 2 working days.",
    "Usually within 10 working days. We've credited the {amount} back while we investigate.",
  ],
  closers: [
    "Money's back. Thank you!",
    'Thanks, that was quicker than I expected.',
    'OK. Please keep me posted.',
  ],
  answerRate: 0.8,
};

export const blockedAbroad: DemoTopic = {
  key: 'card-blocked-abroad',
  weight: 0.07,
  dayWeight: uniformDays,
  accounts: [
    ['twitterHelp', 0.4],
    ['whatsapp', 0.4],
    ['facebook', 0.2],
  ],
  openers: [
    'Card declined everywhere in {city}. I told the app I was travelling! Stuck at a hotel desk right now.',
    "Card blocked after one payment in {city}. Please unblock it, I'm abroad with no other way to pay.",
    {
      text: "Getting 'transaction declined' at every ATM in {city}. Is there a problem with overseas withdrawals?",
      replies: [
        "There was a short outage with overseas ATM withdrawals this morning; it's fixed now. Card payments weren't affected.",
      ],
    },
  ],
  replies: [
    "Sorry, that's stressful. Our fraud checks stopped a payment to be safe. Could you {private} so we can confirm it's you and unblock the card?",
    'So sorry. {Private} and we will unblock the card right away.',
  ],
  followUps: ['Sent. Please be quick.', 'Still declined at the ATM.', 'Done, thank you.'],
  secondReplies: [
    'Your card is unblocked now. Enjoy your trip, and sorry for the scare.',
    "We've checked, and that ATM's operator is declining foreign cards today. The ATMs at the airport accept your card.",
  ],
  closers: ['Thank you {agent}, you saved my holiday!', 'It worked. Thanks for the quick reply.'],
  answerRate: 0.9,
};

export const praise: DemoTopic = {
  key: 'thanks',
  weight: 0.1,
  dayWeight: uniformDays,
  accounts: [
    ['twitterHelp', 0.45],
    ['facebook', 0.35],
    ['emailBilling', 0.1],
    ['whatsapp', 0.1],
  ],
  openers: [
    'Shout-out to {staff} on your help team, who sorted my lost card in ten minutes. Brilliant service.',
    'Just want to say thanks to whoever fixed my transfer yesterday. Fast and friendly.',
    'Honestly the best banking app I have used. Splitting bills with housemates is so easy.',
    '{staff} from Wrenfield called me back exactly when promised and fixed everything. Please tell their manager.',
    'Instant notifications caught a fraudulent payment before I even noticed. Thank you!',
    'Love the savings pots. Saved for my trip to {city} without thinking about it.',
  ],
  replies: [
    "Thank you so much for taking the time to say this! We'll pass it on to the team.",
    'This made our day, thank you!',
    'Thank you! Glad we could help.',
  ],
  followUps: [],
  secondReplies: [],
  closers: [],
  answerRate: 0.9,
};

export const generalQuestion: DemoTopic = {
  key: 'question',
  weight: 0.08,
  dayWeight: uniformDays,
  accounts: [
    ['emailBilling', 0.3],
    ['facebook', 0.25],
    ['twitterHelp', 0.25],
    ['whatsapp', 0.2],
  ],
  openers: [
    {
      text: 'How do I add my partner to my account as a joint holder?',
      replies: [
        'You can do it in the app under Profile > Account holders; your partner gets an invite to confirm.',
      ],
    },
    {
      text: "What's the daily limit for international transfers? I need to send {amount} to family overseas.",
      replies: [
        'The limit is $10,000 a day, and you can raise it once in the app under Payments > Limits.',
      ],
    },
    {
      text: 'Can I change the date my monthly statement is produced?',
      replies: ["Not yet, sorry. We've noted the request: it comes up a lot."],
    },
    {
      text: 'Do you offer a business account for sole traders?',
      replies: [
        'Yes: Wrenfield Business for sole traders launched last month. You can apply in the app under Products.',
      ],
    },
    {
      text: 'How do I close an old savings pot without losing the interest?',
      replies: [
        "Interest is paid when you close a pot, so you won't lose any. Open the pot, tap Settings, then Close pot.",
      ],
    },
  ],
  replies: ['Thanks for asking!'],
  followUps: ['Thanks, found it.', 'Great, thank you.', "That's a shame. Please add it!"],
  secondReplies: ['Any time!', "We've added your vote to the request."],
  closers: [],
  answerRate: 0.85,
};
