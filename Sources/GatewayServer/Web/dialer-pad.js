// The dialer's dial pad and keyboard: pad clicks and the keys 0-9 * # dial before a call and
// send tones during it; holding 0 types +. During a call, M mutes and Escape hangs up; with
// no call, Enter calls and Backspace deletes, wherever the focus is.
//
//   setUpDialPad({ pad, field, inCall, digit, plus, hangup, toggleMute, remove, submit });

const DIGIT_KEY = /^[0-9*#]$/;
const LONG_PRESS_MS = 600;
const FLASH_MS = 150;

/** Elements where a key press belongs to the element itself. */
function ownsKeys(target) {
  return Boolean(target && target.closest && target.closest('button, a, select, textarea, [contenteditable="true"]'));
}

/**
 * Wires the pad (`pad`: its buttons carry data-digit) and the document's keys. `inCall()`
 * says whether a call is in progress; `digit(d)` is a pad digit (dial or send),
 * `plus()` a long press on 0; `remove()` deletes the last character; `submit()` calls.
 * Returns `flash(digit)`, which lights up the digit's key for a moment.
 */
export function setUpDialPad({ pad, field, inCall, digit, plus, hangup, toggleMute, remove, submit }) {
  const flash = (key) => {
    const button = pad.querySelector(`button[data-digit="${CSS.escape(key)}"]`);
    if (!button) return;
    button.classList.add('pressed');
    setTimeout(() => button.classList.remove('pressed'), FLASH_MS);
  };

  // Holding 0 types + (as on phones); the click that follows the long press is swallowed.
  let longPressTimer = null;
  let longPressFired = false;
  pad.addEventListener('pointerdown', (event) => {
    const button = event.target.closest('button[data-digit="0"]');
    longPressFired = false;
    if (!button || inCall()) return;
    longPressTimer = setTimeout(() => { longPressFired = true; plus(); }, LONG_PRESS_MS);
  });
  for (const type of ['pointerup', 'pointerleave', 'pointercancel']) {
    pad.addEventListener(type, () => clearTimeout(longPressTimer));
  }
  pad.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-digit]');
    if (!button) return;
    if (longPressFired) { longPressFired = false; return; }
    digit(button.dataset.digit);
  });

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // A select (the microphone choice) keeps its own keys: letters pick an option there.
    if (event.target instanceof HTMLSelectElement) return;
    const inField = event.target === field;
    if (inCall()) {
      if (DIGIT_KEY.test(event.key)) {
        event.preventDefault();
        flash(event.key);
        digit(event.key);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        hangup();
      } else if ((event.key === 'm' || event.key === 'M') && !event.repeat) {
        event.preventDefault();
        toggleMute();
      }
      return;
    }
    if (inField) return; // the field handles its own typing; Enter submits the form
    if (DIGIT_KEY.test(event.key) || event.key === '+') {
      event.preventDefault();
      flash(event.key === '+' ? '0' : event.key);
      if (event.key === '+') plus(); else digit(event.key);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      remove();
    } else if (event.key === 'Enter' && !ownsKeys(event.target)) {
      event.preventDefault();
      submit();
    }
  });

  return flash;
}
