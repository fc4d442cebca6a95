// The one place the window talks to the app. Every failure comes back as {kind, message}.

const tauri = window.__TAURI__;

export function toError(e) {
  if (e && typeof e === 'object' && typeof e.kind === 'string' && typeof e.message === 'string') {
    return e;
  }
  const text = typeof e === 'string' ? e : e && e.message ? e.message : 'Something went wrong.';
  return { kind: 'invalid_request', message: text };
}

export async function call(command, args = {}) {
  if (!tauri || !tauri.core) {
    throw { kind: 'unavailable', message: 'The app core is not reachable from this window.' };
  }
  try {
    return await tauri.core.invoke(command, args);
  } catch (e) {
    throw toError(e);
  }
}

export function on(event, handler) {
  if (!tauri || !tauri.event) return Promise.resolve(() => {});
  return tauri.event.listen(event, (e) => handler(e.payload));
}
