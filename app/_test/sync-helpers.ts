/** The real Electric client wired to the app's /api/sync routes (test code). */
import { type Row, Shape, ShapeStream } from "@electric-sql/client";
import type { TestAuthClient } from "#server/test/auth-client.ts";
import { APP_ORIGIN, routeFetch } from "./route-fetch.ts";

export function shapeFor<T extends Row>(
  auth: TestAuthClient | null,
  table: string,
  options: { handle?: string; offset?: `${number}_${number}` | "-1"; onError?: (error: Error) => void } = {},
) {
  const errors: Error[] = [];
  const controller = new AbortController();
  const stream = new ShapeStream<T>({
    url: `${APP_ORIGIN}/api/sync/${table}`,
    headers: auth ? Object.fromEntries(auth.headers()) : {},
    fetchClient: routeFetch,
    signal: controller.signal,
    handle: options.handle,
    offset: options.offset,
    onError: (error) => {
      errors.push(error);
      options.onError?.(error);
    },
  });
  const shape = new Shape(stream);
  return { stream, shape, errors, stop: () => controller.abort() };
}

/** Resolves once `accept` holds for the shape's rows (checked on every change). */
export function until<T extends Row>(shape: Shape<T>, accept: (rows: T[]) => boolean, timeoutMs = 5_000) {
  return new Promise<T[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out; rows: ${JSON.stringify(shape.currentRows)}`));
    }, timeoutMs);
    const check = () => {
      if (!shape.isUpToDate || !accept(shape.currentRows)) return false;
      clearTimeout(timer);
      unsubscribe();
      resolve(shape.currentRows);
      return true;
    };
    const unsubscribe = shape.subscribe(() => check());
    check();
  });
}
