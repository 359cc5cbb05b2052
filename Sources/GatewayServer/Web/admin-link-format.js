// Words for call links in the admin console (admin-links.js): a link's address, its
// destination and hours in one line each, and copying an address to the clipboard.
import { words } from './admin-format.js';

const DAY_NAMES = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const WEEK = Object.keys(DAY_NAMES);

/** The link's full address, on this console's origin. */
export function linkAddress(link) {
  return new URL(link.url || `/call/${link.id}`, location.origin).href;
}

/** "+18005550199 (context web-default)", "agents: support", "menu: main". */
export function destinationText(destination) {
  if (!destination) return '';
  switch (destination.kind) {
    case 'number': return destination.context ? `${destination.number} (context ${destination.context})` : destination.number;
    case 'agents': return `agents: ${destination.group}`;
    case 'menu': return `menu: ${destination.menu}`;
    default: return words(destination.kind);
  }
}

/** "Mon–Fri 09:00–17:00 (Europe/Paris)"; "any time" without hours. */
export function hoursText(hours) {
  if (!hours) return 'any time';
  const days = WEEK.filter((day) => (hours.days || []).includes(day));
  const indexes = days.map((day) => WEEK.indexOf(day));
  const consecutive = indexes.length >= 3 && indexes.every((index, i) => i === 0 || index === indexes[i - 1] + 1);
  const dayText = consecutive ? `${DAY_NAMES[days[0]]}–${DAY_NAMES[days[days.length - 1]]}` : days.map((day) => DAY_NAMES[day]).join(', ');
  return `${dayText} ${hours.from}–${hours.to} (${hours.timeZone})`;
}

/** Copies `value` to the clipboard; false when the browser would not. */
export async function copyText(value) {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    // No clipboard API or no permission: a selected field and the copy command.
    const area = document.createElement('textarea');
    area.value = value;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    let copied = false;
    try { copied = document.execCommand('copy'); } catch { copied = false; }
    area.remove();
    return copied;
  }
}
