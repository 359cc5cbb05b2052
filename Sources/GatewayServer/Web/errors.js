// Errors of the gateway client: one type with a stable `code`, and the words that tell a
// person what to do when the microphone cannot be opened.

/** An error with a stable `code`: a gateway `error` message or a local failure. */
export class GatewayError extends Error {
  constructor(code, message, { callId = null, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = 'GatewayError';
    this.code = code;
    this.callId = callId;
  }
}

/** Turns a getUserMedia failure into a GatewayError that tells the user what to do. */
export function microphoneError(error) {
  const name = error && error.name;
  if (!globalThis.isSecureContext || !navigator.mediaDevices) {
    return new GatewayError('microphone_unavailable',
      'This page cannot use the microphone because it was not opened over a secure ' +
      'connection. Open it with https:// (or from localhost).', { cause: error });
  }
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new GatewayError('microphone_blocked',
        'The browser blocked the microphone. Allow microphone access for this site ' +
        '(click the lock or microphone icon in the address bar, or open the site ' +
        'settings), then call again.', { cause: error });
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new GatewayError('microphone_missing',
        'No microphone was found. Connect one, or check the sound settings of your ' +
        'system, then call again.', { cause: error });
    case 'NotReadableError':
    case 'AbortError':
      return new GatewayError('microphone_busy',
        'The microphone could not be started. Another application may be using it; ' +
        'close it and call again.', { cause: error });
    default:
      return new GatewayError('microphone_error',
        `The microphone could not be opened (${name || error}).`, { cause: error });
  }
}
