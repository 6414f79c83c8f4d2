/** CSS module classes joined, skipping the absent ones (a module's class may be undefined in types). */
export const classNames = (...names: (string | false | null | undefined)[]) =>
  names.filter(Boolean).join(" ");
