"use client";

import { python } from "@codemirror/lang-python";
import CodeMirror, { keymap, Prec } from "@uiw/react-codemirror";
import { useMemo, useSyncExternalStore } from "react";

const darkQuery = "(prefers-color-scheme: dark)";
const subscribeScheme = (onChange: () => void) => {
  const query = window.matchMedia(darkQuery);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
};

type Props = {
  value: string;
  onChange?: (value: string) => void;
  readOnly: boolean;
  /** Ctrl/Cmd+Enter. */
  onSubmit?: () => void;
  /** Escape. */
  onCancel?: () => void;
  autoFocus?: boolean;
  /** Taller code scrolls inside the editor, e.g. "320px". */
  maxHeight?: string;
  label: string;
};

/** A Python editor (CodeMirror 6) that follows the page's light or dark scheme. */
export function CodeEditor({
  value,
  onChange,
  readOnly,
  onSubmit,
  onCancel,
  autoFocus,
  maxHeight,
  label,
}: Props) {
  const dark = useSyncExternalStore(
    subscribeScheme,
    () => window.matchMedia(darkQuery).matches,
    () => false,
  );
  const extensions = useMemo(() => {
    /** A key binding that is handled only when its action is given. */
    const bind = (key: string, action: (() => void) | undefined) => ({
      key,
      run: () => {
        action?.();
        return Boolean(action);
      },
    });
    return [
      python(),
      // Ahead of the default keymap, which binds Mod-Enter to "insert blank line".
      Prec.highest(keymap.of([bind("Mod-Enter", onSubmit), bind("Escape", onCancel)])),
    ];
  }, [onSubmit, onCancel]);
  return (
    <CodeMirror
      value={value}
      onChange={onChange}
      readOnly={readOnly}
      editable={!readOnly}
      autoFocus={autoFocus}
      maxHeight={maxHeight}
      theme={dark ? "dark" : "light"}
      extensions={extensions}
      basicSetup={{ foldGutter: false, highlightActiveLine: !readOnly, highlightActiveLineGutter: !readOnly }}
      aria-label={label}
      data-testid="code-editor"
    />
  );
}
