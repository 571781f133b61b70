'use client';

import { useCallback, useEffect, useRef } from 'react';
import { throttleDelay } from '@/lib/throttle';

/**
 * Returns a trigger that runs `task` at most once per `intervalMs`. Triggers that arrive during
 * the pause collapse into one run at its end, so the last change is never missed.
 */
export function useThrottledTask(task: () => void, intervalMs: number): () => void {
  const taskRef = useRef(task);
  const lastRunAt = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    taskRef.current = task;
  });
  useEffect(
    () => () => {
      if (timer.current) {
        clearTimeout(timer.current);
      }
    },
    [],
  );

  return useCallback(() => {
    if (timer.current) {
      return;
    }
    const run = () => {
      timer.current = null;
      lastRunAt.current = Date.now();
      taskRef.current();
    };
    const delay = throttleDelay(lastRunAt.current, Date.now(), intervalMs);
    if (delay === 0) {
      run();
    } else {
      timer.current = setTimeout(run, delay);
    }
  }, [intervalMs]);
}
