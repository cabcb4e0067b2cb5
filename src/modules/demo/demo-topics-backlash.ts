import type { DemoTopic } from './demo-topic.js';

/**
 * The two stories that make the demo's spikes: a fee announced three days ago, and an app
 * release six days ago that broke sign-in on some phones. All text is written for the demo.
 */
export const feeBacklash: DemoTopic = {
  key: 'fee-change',
  weight: 0.28,
  // The announcement went out three days ago; anger peaks the day after and slowly cools.
  dayWeight: (daysAgo) => [5, 8, 10, 6][daysAgo] ?? 0.15,
  accounts: [
    ['twitterHelp', 0.55],
    ['facebook', 0.3],
    ['emailBilling', 0.1],
    ['whatsapp', 0.05],
  ],
  openers: [
    "{fee} a month to keep my own money with you? I've been a customer for {years} years. Not happy.",
    'Just got the email about the new {fee} monthly fee. Seriously? You said no fees, ever. That was the whole point of Wrenfield.',
    "So the 'no fees' bank now charges {fee} a month unless I pay in {waiver}. Students and pensioners can't do that. Rethink this.",
    'Moving my salary elsewhere before the new fee kicks in. Shame, I used to recommend you to everyone.',
    'Who decided on this {fee} account fee? Nobody asked customers. #WrenfieldFees',
    "The fee email says it 'helps us keep improving'. How exactly does charging me {fee} a month improve anything?",
    "My mum is on the pension and has maybe $300 in her account at any time. She'll pay {fee} a month for nothing. That's cruel.",
    'Closing my account on the 1st. {fee} a month for an app that logged me out three times last week? No thanks.',
    {
      text: "Is the {fee} monthly fee also charged on savings-only accounts? The email isn't clear.",
      replies: [
        "Good question, sorry the email wasn't clearer. Savings-only accounts aren't affected: the fee only applies to Everyday accounts.",
      ],
    },
    {
      text: "Genuinely asking: is there any way to avoid the new fee if I'm under 25?",
      replies: [
        "Yes: customers under 25 and students are exempt, and so is anyone paying in {waiver} or more a month. If you'd like us to check your account, {private}.",
      ],
    },
  ],
  emailOpeners: [
    'I received your letter about the {fee} monthly account fee starting next month. I have banked with you for {years} years and never once paid a fee. I keep less than {waiver} in the account because my salary goes straight to rent. Please explain why loyal customers are being punished, and whether I can be exempted.',
    {
      text: 'Please confirm whether the new monthly fee applies to joint accounts, and if it does, whether it is charged once or per account holder. If it is charged twice we will close the account.',
      replies: [
        "Thank you for asking before deciding. The fee is charged once per account, not per holder, and it isn't charged in any month where {waiver} or more is paid in. We've also noted your concern for the team reviewing the change.",
      ],
    },
  ],
  replies: [
    "We hear you, and we're sorry the news landed this way. The fee doesn't apply if {waiver} or more is paid in each month, and students and customers on a pension are exempt. We've passed your feedback to the team reviewing the change.",
    "Thanks for telling us straight. Your feedback is going into the review of the fee. If you'd like us to check whether you qualify for an exemption, {private}.",
    "We understand the frustration. Nothing changes before the 1st, and we'll write to every customer again before any fee is charged. Your comments are being shared with the people making the decision.",
  ],
  followUps: [
    "An exemption isn't the point. The point is you promised no fees.",
    'Done, sent you the details.',
    "'Passed to the team' means nothing. What will actually change?",
    "So a pensioner has to prove it to you? That's more paperwork for the people who can least deal with it.",
    "Thanks for the quick answer. I'll wait and see, but I'm not impressed.",
  ],
  secondReplies: [
    "Thanks, we've checked and your account qualifies for the exemption, so you won't be charged. We've noted your comments on the change too.",
    "Fair question. We're collecting all the feedback this week and will publish what we heard and what we decided. We'll let you know here when it's out.",
    "Understood. Exemptions for pension payments will be applied automatically, no forms needed. Sorry we didn't say that clearly in the email.",
  ],
  closers: [
    'OK, good to know. Appreciate the honest answer.',
    "We'll see. Still looking at other banks.",
    'Thanks. Please actually listen this time.',
    "That's a relief, thank you.",
  ],
  crowd: [
    'Same here. Been with them since the start and this is the thanks we get.',
    'Agreed. Everyone I know is talking about moving their accounts.',
    'You can avoid it if {waiver} goes in each month, salary counts. Still a bad move though.',
    'This. No fees was the only reason I switched.',
    'Signed up to their customer panel just to tell them this is a mistake.',
  ],
  answerRate: 0.7,
};

export const loginTrouble: DemoTopic = {
  key: 'app-login',
  weight: 0.2,
  // Version 5.2 shipped six days ago; most reports come in the first two days.
  dayWeight: (daysAgo) => [0.6, 0.8, 1, 1.5, 3, 7, 9][daysAgo] ?? 0.2,
  accounts: [
    ['twitterStatus', 0.35],
    ['twitterHelp', 0.2],
    ['emailApp', 0.35],
    ['facebook', 0.1],
  ],
  openers: [
    "Since updating to {version} the app won't let me log in. Face ID spins forever and then says 'something went wrong'.",
    "App keeps logging me out every few minutes after the latest update. Can't even finish a transfer.",
    "Can't log in at all this morning. Is the app down? Need to pay rent today.",
    'New version asks for a verification code but the SMS never arrives. Tried 5 times.',
    "After the update my fingerprint login is gone and my password 'isn't recognised'. I haven't changed it.",
    'Is anyone else getting error 4012 in the Wrenfield app? Android, version {version}.',
    'App crashes as soon as I open the Cards tab. Reinstalled twice.',
  ],
  emailOpeners: [
    "Since the app updated to version {version} I cannot log in. I enter my passcode, the screen goes white, and after about a minute I'm back at the start. I've restarted the phone and reinstalled the app. I need to move money before a bill is due on {weekday}. Can someone help urgently?",
    "The verification code for logging in never arrives by SMS. My number hasn't changed. I can't get through on the phone line either, it's always busy. Please call me or tell me another way into my account.",
  ],
  replies: [
    'Sorry about this. We found a bug in {version} that affects logins on some phones; version {fixed} fixes it and is rolling out now. Could you update and try again?',
    "Thanks for reporting it. Our engineers are on it: it's a known issue with {version}. Until the fix reaches you, web banking works as normal.",
    'Sorry for the trouble. Could you tell us your phone model and app version? {Private} and we will look into it.',
    "We're sorry. SMS codes were delayed on some networks this morning; that's fixed now. Please request a new code and tell us if it still doesn't arrive.",
  ],
  followUps: [
    'Updated, still the same.',
    'Sent you the details.',
    "Web banking works, thanks. But I shouldn't have had to ask to find that out.",
    "How long until the fix? I'm travelling and only have my phone.",
    'OK, it works now after updating.',
  ],
  secondReplies: [
    "Thanks for checking. We've raised your case ({ref}) with the app team and they'll contact you directly within a day.",
    'The fix should reach every phone within 24 hours. If you need to make a payment before then, our phone team can do it for you.',
    'Glad it works again, and sorry for the hassle.',
  ],
  closers: [
    'Works now. Thanks for the quick help!',
    'Finally in. Took two days though.',
    'Thanks {agent}, all sorted.',
    'Still broken for me. Really frustrating.',
  ],
  crowd: [
    'Same problem here, Pixel phone, since yesterday.',
    'Updating to {fixed} fixed it for me, check the app store.',
    'Glad it is not just me. Thought my account was hacked.',
  ],
  answerRate: 0.85,
};
