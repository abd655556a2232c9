// What every page shares: the loading state the tests wait on, and one way to show an error.
import { fill } from './dom.js';

/** `<body data-state>`: loading, ready or error. */
export function setState(state) {
  document.body.dataset.state = state;
}

export function showError(error) {
  const box = document.querySelector('[data-testid=error]');
  const message = error?.detail ?? error?.message ?? String(error);
  fill(box, `Could not load: ${message}`);
  box.hidden = false;
  setState('error');
  console.error(error);
}
