/**
 * Files dragged from the desktop onto the window. Tauri hands the webview their paths (not
 * their bytes) through `onDragDropEvent`; outside Tauri (tests, a plain browser) there is no
 * such event and listening quietly does nothing.
 */

/** A drop of files at a point of the page (CSS pixels). */
export interface FileDrop {
  paths: string[];
  x: number;
  y: number;
}

/** What the drag is doing: hovering at a point, or gone. */
export type FileDragHover = { x: number; y: number } | null;

/**
 * Listens to files dropped on the window; resolves to a function that stops listening, or to
 * `null` when the app does not run inside Tauri.
 */
export async function listenForFileDrops(
  onDrop: (drop: FileDrop) => void,
  onHover?: (hover: FileDragHover) => void,
): Promise<(() => void) | null> {
  const internals = (globalThis as { __TAURI_INTERNALS__?: { metadata?: { currentWebview?: unknown } } })
    .__TAURI_INTERNALS__;
  if (!internals?.metadata?.currentWebview) return null;
  try {
    const { getCurrentWebview } = await import('@tauri-apps/api/webview');
    const scale = globalThis.devicePixelRatio || 1;
    return await getCurrentWebview().onDragDropEvent((event) => {
      const payload = event.payload;
      if (payload.type === 'drop') {
        onHover?.(null);
        onDrop({ paths: payload.paths, x: payload.position.x / scale, y: payload.position.y / scale });
      } else if (payload.type === 'over' || payload.type === 'enter') {
        onHover?.({ x: payload.position.x / scale, y: payload.position.y / scale });
      } else {
        onHover?.(null);
      }
    });
  } catch {
    return null;
  }
}
