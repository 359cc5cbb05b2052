// The dialer's number field: what is dialed is only digits, * and # (with + first for an
// E.164 number); what is shown is grouped for reading as it is typed.
//
//   dialString('+1 (555) 123-4567') === '+15551234567'
//   formatNumber('+15551234567')    === '+1 555-123-4567'
//   formatNumber('5551001')         === '555-1001'
//   formatNumber('+442079460958')   === '+44 207 946 0958'
//
// National numbers are grouped the North American way (NANP: 3-3-4) only when they fit it;
// any other number, and service codes with * or #, are shown as dialed.

/** Characters a person may type between the digits, ignored when dialing. */
const SEPARATORS = /[\s().\-/]/g;
/** National numbers this long or shorter are extensions or short codes: not grouped. */
const SHORT_CODE_MAX = 5;
/** The characters that make up what is dialed. */
const SIGNIFICANT = /[0-9+*#]/;

/** E.164 country codes of one and two digits (ITU-T E.164 assignments); the rest have three. */
const ONE_DIGIT_CODES = new Set(['1', '7']);
const TWO_DIGIT_CODES = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47',
  '48', '49', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65',
  '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98',
]);

/** What is dialed for `text`: separators dropped, anything else kept (to be refused later). */
export function dialString(text) {
  return String(text).replace(SEPARATORS, '');
}

/** Keeps only the characters a dial string may hold (typing or pasting letters drops them). */
export function keepDialable(text) {
  return String(text).replace(/[^0-9+*#]/g, '');
}

/** True for characters that are part of what is dialed (not separators). */
export function isSignificant(char) {
  return SIGNIFICANT.test(char);
}

/** `digits` grouped NANP-style after the country code 1: 555, 555-123, 555-123-4567. */
function nanpGroups(digits) {
  if (digits.length <= 3) return digits;
  if (digits.length <= 6) return `${digits.slice(0, 3)}-${digits.slice(3)}`;
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

/** An international subscriber number in groups of three, the last one of up to four. */
function threes(digits) {
  const groups = digits.match(/.{1,3}/g) || [];
  if (groups.length > 1 && groups[groups.length - 1].length === 1) {
    const last = groups.pop();
    groups[groups.length - 1] += last;
  }
  return groups.join(' ');
}

function countryCode(digits) {
  if (ONE_DIGIT_CODES.has(digits.slice(0, 1))) return digits.slice(0, 1);
  if (digits.length < 2) return null;
  if (TWO_DIGIT_CODES.has(digits.slice(0, 2))) return digits.slice(0, 2);
  return digits.length >= 3 ? digits.slice(0, 3) : null;
}

/** A dial string (see dialString) shown with spaces and hyphens for reading. */
export function formatNumber(dial) {
  const text = keepDialable(dial);
  // Service codes (*43, #31#) and anything with a + inside are left as typed.
  if (/[*#]/.test(text) || text.lastIndexOf('+') > 0) return text;
  if (text.startsWith('+')) {
    const digits = text.slice(1);
    const code = countryCode(digits);
    if (!code) return text;
    const rest = digits.slice(code.length);
    if (!rest) return `+${code}`;
    if (code === '1') return rest.length <= 10 ? `+1 ${nanpGroups(rest)}` : `+1 ${rest}`;
    return `+${code} ${threes(rest)}`;
  }
  // National: 1 + NANP number, or a NANP number (area code or exchange first: 2-9). Up to
  // five digits stay as typed: extensions and short codes are not phone numbers.
  if (text.length <= SHORT_CODE_MAX) return text;
  if (text.startsWith('1')) {
    const rest = text.slice(1);
    return /^[2-9]/.test(rest) && rest.length <= 10 ? `1 ${nanpGroups(rest)}` : text;
  }
  if (!/^[2-9]/.test(text) || text.length > 10) return text;
  if (text.length <= 7) return `${text.slice(0, 3)}-${text.slice(3)}`;
  return nanpGroups(text);
}

/** How many significant characters `text` holds. */
function significantCount(text) {
  let count = 0;
  for (const char of text) if (isSignificant(char)) count += 1;
  return count;
}

/** The position in `formatted` just after its `count`-th significant character. */
function positionAfter(formatted, count) {
  if (count <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < formatted.length; i += 1) {
    if (isSignificant(formatted[i])) seen += 1;
    if (seen === count) return i + 1;
  }
  return formatted.length;
}

/**
 * Formats the field's value as typed, keeping the caret after the same digit. Call it from
 * the field's `input` event.
 */
export function reformatField(field) {
  const caret = field.selectionStart ?? field.value.length;
  const keep = significantCount(field.value.slice(0, caret));
  const formatted = formatNumber(field.value);
  if (formatted !== field.value) field.value = formatted;
  if (document.activeElement === field) {
    const at = positionAfter(formatted, keep);
    field.setSelectionRange(at, at);
  }
}

/**
 * Backspace or Delete next to a separator removes the digit beyond it (the separator alone
 * would come back at once). Call it from the field's `beforeinput` event.
 */
export function deleteAcrossSeparator(field, event) {
  const backward = event.inputType === 'deleteContentBackward';
  if (!backward && event.inputType !== 'deleteContentForward') return;
  const { selectionStart: start, selectionEnd: end, value } = field;
  if (start === null || start !== end) return;
  let at = backward ? start - 1 : start;
  if (at < 0 || at >= value.length || isSignificant(value[at])) return;
  while (at >= 0 && at < value.length && !isSignificant(value[at])) at += backward ? -1 : 1;
  if (at < 0 || at >= value.length) return;
  event.preventDefault();
  const keep = significantCount(value.slice(0, at));
  field.value = formatNumber(value.slice(0, at) + value.slice(at + 1));
  const caret = positionAfter(field.value, keep);
  field.setSelectionRange(caret, caret);
}

/** The number without its last significant character, formatted again. */
export function withoutLastDigit(text) {
  return formatNumber(keepDialable(text).slice(0, -1));
}
