/** Invented customer messages for the listening tests (no real customer text). */
/** Three invented topics, eight phrasings each, interleaved as they would arrive. */
export const topics = {
  fee: [
    'why is there a new overdraft fee on my account',
    'the overdraft fee is a scandal',
    'another overdraft fee charged without warning',
    'remove this overdraft fee now',
    'overdraft fee again this month',
    'who decided on an overdraft fee for students',
    'overdraft fee doubled, unbelievable',
    'I was hit by the overdraft fee twice',
  ],
  app: [
    'the mobile app crashes when I log in',
    'app crashes on login since the update',
    'your app keeps crashing at login',
    'login crashes the app every time',
    'mobile app crash after update, cannot login',
    'the app crashes before the login screen',
    'app crashing on login again',
    'crashes at login on the mobile app',
  ],
  card: [
    'my debit card was declined at the shop',
    'card declined again at checkout',
    'debit card declined for no reason',
    'why is my card declined abroad',
    'declined debit card at the petrol station',
    'card keeps being declined online',
    'my card got declined twice today',
    'debit card declined in the supermarket',
  ],
};
