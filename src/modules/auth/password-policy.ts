import type { FieldProblem } from '../../shared/errors';

export const MIN_PASSWORD_LENGTH = 10;

/**
 * The commonest passwords of at least MIN_PASSWORD_LENGTH characters in published leak lists
 * (Chinese sites' included: pinyin and number runs), and the shipped demo password: guessing
 * starts with these, so none of them protects an account.
 */
const COMMON = new Set([
  '1234567890', '0123456789', '12345678910', '123456789a', 'a123456789', '1234567890a', '1234567890q',
  'qwertyuiop', 'qwertyuiop123', 'qwerty12345', 'qwerty123456', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5',
  'zxcvbnm123', 'asdfghjkl1', 'asdfghjkl123', 'iloveyou123', 'password123', 'password1234', 'passw0rd123',
  'password12', 'p@ssw0rd123', 'abc1234567', 'abcd123456', 'abcdefghij', 'abcdefg123', '1111111111',
  '0000000000', '1122334455', '1231231234', '5201314520', '5201314521', '1314520520', 'woaini1314',
  'woaini5201314', 'woaini123456', 'aini1314520', 'qazwsxedc123', 'qazwsxedcrfv', '1qaz2wsx3edc',
  'zaq12wsxcde3', 'admin12345', 'admin123456', 'administrator', 'welcome123', 'changeme123',
  'letmein123', 'sunshine123', 'princess123', 'football123', 'monkey12345', 'dragon12345', '147258369a',
  '1472583690', '9876543210', '0987654321', '1357924680', '12344321ab', 'shanghai123', 'beijing123',
  'hotline-demo', 'hotline12345', '12345hotline',
]);

/** What is wrong with a new password, as field problems (none when it is acceptable). */
export function passwordProblems(password: string, opts: { username?: string; demoPassword?: string; production: boolean }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const lower = password.toLowerCase();
  if (password.length < MIN_PASSWORD_LENGTH) problems.push({ field: 'password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters`, code: 'password_too_short' });
  else if (COMMON.has(lower)) problems.push({ field: 'password', message: 'is one of the commonest passwords', code: 'common_password' });
  if (opts.username && lower.includes(opts.username.toLowerCase())) problems.push({ field: 'password', message: 'must not contain the username', code: 'contains_username' });
  // The demo password is printed by every development start: in production it is known to all.
  if (opts.production && opts.demoPassword && password === opts.demoPassword) {
    problems.push({ field: 'password', message: 'is the demo password, refused in production', code: 'demo_password' });
  }
  return problems;
}
