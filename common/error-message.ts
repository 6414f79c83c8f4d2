/**
 * The message of anything thrown (an Error's, or the value itself as text). Its own module: the
 * launcher (Node's type stripping) and the Python worker (esbuild) import it too.
 */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
