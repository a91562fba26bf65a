"use client";

import { useRef, useState, type ReactNode, type RefObject } from "react";
import { Alert } from "@/components/ui/alert";
import type { FormProblem } from "./form-errors";

/**
 * A form's errors: one message per input, and a summary for the rest. `show` takes the person to the first
 * thing to fix, the first invalid input in `focusOrder` (the form's reading order), or else the summary, so a
 * screen reader reads it and a phone scrolls to it.
 */
export function useFormErrors<K extends string, P extends FormProblem = FormProblem>(
  focusOrder: readonly K[],
  inputId: (key: K) => string,
) {
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const [problem, setProblem] = useState<P | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  function show(next: Partial<Record<K, string>>, nextProblem: P | null) {
    setErrors(next);
    setProblem(nextProblem);
    // After the render that puts the messages in place, or focus lands on an input about to be redrawn.
    requestAnimationFrame(() => {
      // The form's own order first, then any other field with a message (checkout questions are added per
      // event), and only the keys that are inputs on the page.
      const keys = Object.keys(next) as K[];
      const ordered = [...focusOrder.filter((k) => next[k]), ...keys.filter((k) => next[k] && !focusOrder.includes(k))];
      const input = ordered.map((k) => document.getElementById(inputId(k))).find((el) => el !== null);
      if (input) input.focus();
      else summaryRef.current?.focus();
    });
  }

  /** The person is fixing this input: its message goes. */
  function clear(key: K) {
    setErrors((current) => {
      if (!current[key]) return current;
      const next = { ...current };
      delete next[key];
      return next;
    });
  }

  return { errors, problem, setProblem, summaryRef, show, clear };
}

/** The summary box: focusable (`show` moves focus here), empty until there is a problem. */
export function ErrorSummary({
  problem,
  summaryRef,
  children,
}: {
  problem: FormProblem | null;
  summaryRef: RefObject<HTMLDivElement | null>;
  /** What the person can do about it, under the detail (e.g. "Change to 2 tickets"). */
  children?: ReactNode;
}) {
  return (
    <div ref={summaryRef} tabIndex={-1} className="outline-none">
      {problem && (
        <Alert tone="error" title={problem.title}>
          {problem.detail && <p>{problem.detail}</p>}
          {children}
        </Alert>
      )}
    </div>
  );
}
