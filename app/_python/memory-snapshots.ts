/**
 * Python's memory right after start-up, kept in Cache Storage per Pyodide version (`key` names
 * the version): a later start restores it instead of initialising the interpreter again (the
 * larger part of a warm start).
 */
export function memorySnapshots(key: string) {
  return {
    async read() {
      const cache = await caches.open("ada-python").catch(() => undefined);
      const hit = await cache?.match(key);
      return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
    },
    async write(bytes: Uint8Array) {
      const cache = await caches.open("ada-python");
      await cache.put(
        key,
        new Response(bytes as Uint8Array<ArrayBuffer>, {
          headers: { "content-type": "application/octet-stream" },
        }),
      );
    },
    async drop() {
      await (await caches.open("ada-python")).delete(key);
    },
  };
}
