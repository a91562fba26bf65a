"use client";

import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type FocusEvent as ReactFocusEvent,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from "react";

interface View {
  scale: number;
  x: number;
  y: number;
}

const MAX_SCALE = 6;
/** A finger that moves less than this is tapping a booth, not dragging the plan. */
const DRAG_THRESHOLD_PX = 6;
const FIT: View = { scale: 1, x: 0, y: 0 };
/** Labels drawn smaller than this on screen are hidden rather than shown as an unreadable smudge. */
export const MIN_LABEL_PX = 12;
/** How far one arrow key moves the zoomed plan. */
const KEY_STEP_PX = 60;
/** Room kept around a booth brought into view, so its outline is not cut by the edge. */
const FOCUS_MARGIN_PX = 16;
/** A focus this soon after a press or tap came from the pointer, not the keyboard: the plan stays put. */
const POINTER_FOCUS_MS = 800;

/**
 * Pan and zoom for the floor plan with pointer events: drag to pan, pinch (or ctrl + wheel on a
 * trackpad) to zoom, and + / − buttons for everyone else. At full size the plan lets vertical swipes
 * scroll the page; zoomed in, it keeps every gesture for itself. A drag never ends as a tap on a booth.
 *
 * Keyboard: the plan is a focusable region (arrows pan, + and − zoom, 0 shows the whole hall), and a booth
 * reached with Tab is zoomed to a readable size and brought into view. Text drawn in the plan
 * (`<text data-label>`) is hidden while it would be smaller than MIN_LABEL_PX on screen.
 */
/** The buttons' names and the note shown when the labels are too small, in the page's language. */
export interface PanZoomWords {
  zoomToRead: string;
  fit: string;
  zoomOut: string;
  zoomIn: string;
}

export function PanZoom({
  children,
  label,
  hint,
  words,
}: {
  children: ReactNode;
  label: string;
  hint?: string;
  words: PanZoomWords;
}) {
  const viewport = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>(FIT);
  const [labelsHidden, setLabelsHidden] = useState(false);
  const current = useRef(view);
  const lastPointerAt = useRef(0);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{
    start: View;
    startX: number;
    startY: number;
    startDistance: number;
    dragging: boolean;
  } | null>(null);
  const swallowClick = useRef(false);

  const apply = useCallback((next: View) => {
    const el = viewport.current;
    const width = el?.clientWidth ?? 0;
    const height = el?.clientHeight ?? 0;
    const scale = Math.min(MAX_SCALE, Math.max(1, next.scale));
    // Keep the hall on screen: no panning past its edges.
    const clamped = {
      scale,
      x: Math.min(0, Math.max(width - width * scale, next.x)),
      y: Math.min(0, Math.max(height - height * scale, next.y)),
    };
    current.current = clamped;
    setView(clamped);
  }, []);

  /** Zooms by `factor` keeping the point (px, py) of the viewport where it is. */
  const zoomAt = useCallback(
    (factor: number, px: number, py: number, from: View = current.current) => {
      const scale = Math.min(MAX_SCALE, Math.max(1, from.scale * factor));
      const k = scale / from.scale;
      apply({ scale, x: px - (px - from.x) * k, y: py - (py - from.y) * k });
    },
    [apply],
  );

  const zoomCentre = (factor: number) => {
    const el = viewport.current;
    if (el) zoomAt(factor, el.clientWidth / 2, el.clientHeight / 2);
  };

  // Trackpad pinches arrive as ctrl + wheel; they must not zoom the whole page, so the listener is not passive.
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const box = el.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY / 200), e.clientX - box.left, e.clientY - box.top);
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [zoomAt]);

  // Show each label only at a size that can be read; re-checked whenever the view or the page width changes.
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const update = () => {
      const unit = screenPxPerUnit(el);
      if (unit === null) return;
      let hidden = 0;
      for (const t of el.querySelectorAll<SVGTextElement>("text[data-label]")) {
        const small = Number(t.getAttribute("font-size")) * unit < MIN_LABEL_PX;
        t.style.visibility = small ? "hidden" : "";
        if (small && t.hasAttribute("data-booth-code")) hidden++;
      }
      setLabelsHidden(hidden > 0);
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, [view]);

  /**
   * A booth reached by keyboard: zoom until its label is readable, then pan it into view. The browser's own
   * focus scrolling would move the clipped box's scroll offset instead, leaving the transform wrong.
   */
  const onFocus = (e: ReactFocusEvent<HTMLDivElement>) => {
    const el = viewport.current;
    if (!el || e.target === el) return;
    el.scrollLeft = 0;
    el.scrollTop = 0;
    if (performance.now() - lastPointerAt.current < POINTER_FOCUS_MS) return;
    const unit = screenPxPerUnit(el);
    const code = e.target.querySelector("text[data-booth-code]");
    const from = current.current;
    const readable =
      unit && code ? MIN_LABEL_PX / (Number(code.getAttribute("font-size")) * (unit / from.scale)) : from.scale;
    const scale = Math.min(MAX_SCALE, Math.max(from.scale, Math.ceil(readable * 10) / 10));
    const box = el.getBoundingClientRect();
    const target = e.target.getBoundingClientRect();
    // The booth in the plan's own pixels (scale 1), then where it lands at the new scale.
    const left = (target.left - box.left - from.x) / from.scale;
    const top = (target.top - box.top - from.y) / from.scale;
    const width = target.width / from.scale;
    const height = target.height / from.scale;
    const x = from.x * (scale / from.scale) + (box.width / 2) * (1 - scale / from.scale);
    const y = from.y * (scale / from.scale) + (box.height / 2) * (1 - scale / from.scale);
    const fits = (pos: number, start: number, size: number, room: number) =>
      pos + start * scale >= FOCUS_MARGIN_PX && pos + (start + size) * scale <= room - FOCUS_MARGIN_PX;
    const centre = (start: number, size: number, room: number) => room / 2 - (start + size / 2) * scale;
    apply({
      scale,
      x: fits(x, left, width, box.width) ? x : centre(left, width, box.width),
      y: fits(y, top, height, box.height) ? y : centre(top, height, box.height),
    });
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const el = viewport.current;
    if (!el || e.target !== el || e.altKey || e.ctrlKey || e.metaKey) return;
    const from = current.current;
    const pan = (dx: number, dy: number) => apply({ ...from, x: from.x + dx, y: from.y + dy });
    switch (e.key) {
      case "+":
      case "=":
        zoomCentre(1.6);
        break;
      case "-":
      case "_":
        zoomCentre(1 / 1.6);
        break;
      case "0":
        apply(FIT);
        break;
      case "ArrowLeft":
      case "ArrowRight":
      case "ArrowUp":
      case "ArrowDown":
        // At full size there is nothing to pan: let the arrows scroll the page as usual.
        if (from.scale <= 1.001) return;
        pan(
          e.key === "ArrowLeft" ? KEY_STEP_PX : e.key === "ArrowRight" ? -KEY_STEP_PX : 0,
          e.key === "ArrowUp" ? KEY_STEP_PX : e.key === "ArrowDown" ? -KEY_STEP_PX : 0,
        );
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const local = (e: ReactPointerEvent) => {
    const box = viewport.current!.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };

  const startGesture = () => {
    const pts = [...pointers.current.values()];
    const mid = midpoint(pts);
    gesture.current = {
      start: current.current,
      startX: mid.x,
      startY: mid.y,
      startDistance: distance(pts),
      dragging: gesture.current?.dragging ?? false,
    };
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    lastPointerAt.current = performance.now();
    if (e.pointerType === "mouse" && e.button !== 0) return;
    // A drag's click, if the browser sends one at all, comes before the next press.
    if (pointers.current.size === 0) swallowClick.current = false;
    pointers.current.set(e.pointerId, local(e));
    startGesture();
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!pointers.current.has(e.pointerId) || !gesture.current) return;
    pointers.current.set(e.pointerId, local(e));
    const pts = [...pointers.current.values()];
    const g = gesture.current;
    const mid = midpoint(pts);
    if (!g.dragging) {
      if (Math.hypot(mid.x - g.startX, mid.y - g.startY) < DRAG_THRESHOLD_PX && pts.length < 2) return;
      g.dragging = true;
      // Captured only once it is a drag: a tap must still reach the booth under the finger.
      e.currentTarget.setPointerCapture(e.pointerId);
    }
    const factor = pts.length >= 2 && g.startDistance > 0 ? distance(pts) / g.startDistance : 1;
    const scale = Math.min(MAX_SCALE, Math.max(1, g.start.scale * factor));
    const k = scale / g.start.scale;
    apply({ scale, x: mid.x - (g.startX - g.start.x) * k, y: mid.y - (g.startY - g.start.y) * k });
  };

  const onPointerEnd = (e: ReactPointerEvent<HTMLDivElement>) => {
    lastPointerAt.current = performance.now();
    if (!pointers.current.delete(e.pointerId)) return;
    if (gesture.current?.dragging) swallowClick.current = true;
    if (pointers.current.size > 0) startGesture();
    else gesture.current = null;
  };

  const zoomed = view.scale > 1.001;
  const hintId = `${useId()}-hint`;

  return (
    <div>
      <div
        ref={viewport}
        aria-label={label}
        role="region"
        tabIndex={0}
        aria-describedby={hint ? hintId : undefined}
        className="overflow-hidden rounded-xl border border-stone-200 bg-stone-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
        style={{ touchAction: zoomed ? "none" : "pan-y" }}
        onFocus={onFocus}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={(e) => {
          swallowClick.current = false;
          onPointerEnd(e);
        }}
        onClickCapture={(e) => {
          if (!swallowClick.current) return;
          swallowClick.current = false;
          e.preventDefault();
          e.stopPropagation();
        }}
      >
        <div style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})`, transformOrigin: "0 0" }}>
          {children}
        </div>
      </div>
      {/* Beside the plan, not over it: on a phone an overlay would hide the booths along one edge. */}
      <div className="mt-2 flex items-center justify-end gap-2">
        <p id={hintId} className="mr-auto text-sm text-stone-600">
          {hint}
          {labelsHidden && <> {words.zoomToRead}</>}
        </p>
        {zoomed && (
          <ZoomButton label={words.fit} onClick={() => apply(FIT)}>
            <svg
              viewBox="0 0 20 20"
              className="size-5"
              aria-hidden="true"
              fill="none"
              stroke="currentColor"
              strokeWidth={1.8}
            >
              <path d="M3 7V3h4M13 3h4v4M17 13v4h-4M7 17H3v-4" />
            </svg>
          </ZoomButton>
        )}
        <ZoomButton label={words.zoomOut} onClick={() => zoomCentre(1 / 1.6)} disabled={!zoomed}>
          −
        </ZoomButton>
        <ZoomButton label={words.zoomIn} onClick={() => zoomCentre(1.6)} disabled={view.scale >= MAX_SCALE}>
          +
        </ZoomButton>
      </div>
    </div>
  );
}

function ZoomButton({
  label,
  onClick,
  disabled,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
      className="flex size-11 items-center justify-center rounded-lg border border-stone-300 bg-white text-2xl font-semibold text-stone-900 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-brand-700 disabled:text-stone-300"
    >
      {children}
    </button>
  );
}

function midpoint(pts: { x: number; y: number }[]) {
  if (pts.length === 0) return { x: 0, y: 0 };
  return { x: pts.reduce((s, p) => s + p.x, 0) / pts.length, y: pts.reduce((s, p) => s + p.y, 0) / pts.length };
}

function distance(pts: { x: number; y: number }[]) {
  return pts.length >= 2 ? Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y) : 0;
}

/** Screen pixels per unit of the plan's SVG as drawn now (zoom included); null before layout. */
function screenPxPerUnit(el: HTMLElement): number | null {
  const svg = el.querySelector("svg");
  const units = svg?.viewBox.baseVal?.width;
  if (!svg || !units) return null;
  const width = svg.getBoundingClientRect().width;
  return width > 0 ? width / units : null;
}
