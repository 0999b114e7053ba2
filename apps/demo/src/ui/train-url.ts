// The Train setup in the address bar: read once when the page opens, written back on every change
// (keeping the section anchor) together with the "link to this setup" anchor, so a copied address
// or a shared link restores the same dataset and network.

import { decodeSetup, encodeSetup, type TrainSetup } from '../logic/train-setup.js';

/** The setup the page's address describes, and each value it had that the page cannot use. */
export function setupFromAddress(): { setup: TrainSetup; problems: string[] } {
  return decodeSetup(location.search);
}

/** Writes `setup` into the address bar and into the share link (which always points at the Train panel). */
export function showSetupInAddress(setup: TrainSetup, share: HTMLAnchorElement): void {
  const query = encodeSetup(setup);
  history.replaceState(null, '', `?${query}${location.hash}`);
  share.href = `?${query}#train`;
}
