// The dialer's Microphone select: shown once the page may use the microphone (only then does
// the browser name its inputs) and there is more than one input. The choice is the client's
// for the next calls (GatewayClient.microphone) and, during a call, switched on that call at
// once (Call.setMicrophone, no renegotiation). A choice that fails (the device is gone,
// blocked) is taken back: the select shows the microphone still in use.
//
//   <p class="microphone-choice" hidden><label for="microphone">Microphone</label>
//     <select id="microphone"></select></p>
import { GatewayClient } from './gateway.js';
import { watchMicrophonePermission } from './dialer-microphone.js';

export class MicrophoneChoice {
  #row;
  #select;
  #client;
  #call;
  #trouble;
  #inputs = [];

  /**
   * `row`: the element shown or hidden, holding the labelled `select`; `client`: the page's
   * GatewayClient; `call()`: the page's call in progress, or null; `trouble(message)`: shows a
   * failed switch (the call goes on).
   */
  constructor({ row, select }, client, { call, trouble }) {
    this.#row = row;
    this.#select = select;
    this.#client = client;
    this.#call = call;
    this.#trouble = trouble;
    select.addEventListener('change', () => { this.choose(select.value).catch(() => { /* shown */ }); });
    // Plugged in or out; allowed or blocked: the list (and whether it is named) changes.
    navigator.mediaDevices?.addEventListener?.('devicechange', () => this.refresh());
    watchMicrophonePermission(() => this.refresh());
    this.refresh();
  }

  /** The inputs as last listed, [{deviceId, label}]. */
  get inputs() { return this.#inputs; }

  /**
   * Lists the inputs again and shows the select when it offers a choice. Call it once a call
   * opened the microphone: the first permission names the inputs.
   */
  async refresh() {
    let inputs;
    try {
      inputs = await GatewayClient.microphones();
    } catch {
      inputs = [];
    }
    this.#inputs = inputs;
    const named = inputs.some((input) => input.label);
    // A choice whose device is gone: the next calls take the browser's default again.
    if (named && this.#client.microphone && !inputs.some((input) => input.deviceId === this.#client.microphone)) {
      this.#client.microphone = null;
    }
    const select = this.#select;
    const same = select.options.length === inputs.length
      && inputs.every((input, index) => select.options[index].value === input.deviceId
        && select.options[index].textContent === this.#name(input, index));
    if (!same) {
      select.replaceChildren(...inputs.map((input, index) => new Option(this.#name(input, index), input.deviceId)));
    }
    this.#row.hidden = !(named && inputs.length > 1);
    this.#showInUse();
  }

  /**
   * Makes `deviceId` the microphone of the next calls and of the call in progress. Resolves
   * once switched; rejects with the call's GatewayError, the previous choice kept.
   */
  async choose(deviceId) {
    const previous = this.#client.microphone;
    this.#client.microphone = deviceId;
    const call = this.#call();
    if (!call) {
      this.#showInUse();
      return;
    }
    try {
      await call.setMicrophone(deviceId);
    } catch (error) {
      this.#client.microphone = previous;
      this.#trouble(`The microphone was not switched: ${error.message}`);
      throw error;
    } finally {
      this.#showInUse();
    }
  }

  #name(input, index) {
    return input.label || `Microphone ${index + 1}`;
  }

  /** Selects the microphone in use: the call's, else the client's; the first (the default) when none was chosen. */
  #showInUse() {
    const call = this.#call();
    const chosen = (call && call.microphone) || this.#client.microphone;
    const index = this.#inputs.findIndex((input) => input.deviceId === chosen);
    if (this.#select.options.length) this.#select.selectedIndex = Math.max(0, index);
  }
}
