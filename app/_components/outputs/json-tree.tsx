"use client";

import { type ComponentProps, useMemo } from "react";
import { JsonView } from "react-json-view-lite";
import { TEXT_LIMIT } from "./big-text.ts";
import { classNames } from "./class-names.ts";
import styles from "./json-tree.module.css";
import outputStyles from "./outputs.module.css";

/** react-json-view-lite's parts, drawn with our classes so the tree follows the page's colours. */
const TREE_STYLE: ComponentProps<typeof JsonView>["style"] = {
  container: classNames(styles.json),
  basicChildStyle: classNames(styles.jsonChild),
  childFieldsContainer: classNames(styles.jsonChildren),
  label: classNames(styles.jsonLabel),
  clickableLabel: classNames(styles.jsonLabel, styles.jsonExpander),
  nullValue: classNames(styles.jsonNull),
  undefinedValue: classNames(styles.jsonNull),
  stringValue: classNames(styles.jsonString),
  booleanValue: classNames(styles.jsonBoolean),
  numberValue: classNames(styles.jsonNumber),
  otherValue: "",
  punctuation: classNames(styles.jsonPunctuation),
  expandIcon: classNames(styles.jsonExpander, styles.jsonExpand),
  collapseIcon: classNames(styles.jsonExpander, styles.jsonCollapse),
  collapsedContent: classNames(styles.jsonCollapsed),
  ariaLables: { collapseJson: "Collapse", expandJson: "Expand" },
  stringifyStringValues: true,
};

const expandTwoLevels = (level: number) => level < 2;
const expandNothing = () => false;

/**
 * `application/json` as a tree that opens and closes (keyboard: Tab to a node, Enter or the
 * arrow keys). A large value starts closed: drawing every node of a megabyte of JSON at once is
 * what freezes a page.
 */
export function JsonTree({ value }: { value: unknown }) {
  const size = useMemo(() => JSON.stringify(value)?.length ?? 0, [value]);
  if (typeof value !== "object" || value === null) {
    return <pre className={styles.json}>{JSON.stringify(value)}</pre>;
  }
  const isLarge = size > TEXT_LIMIT;
  return (
    <>
      <JsonView
        data={value}
        style={TREE_STYLE}
        shouldExpandNode={isLarge ? expandNothing : expandTwoLevels}
        aria-label="JSON output"
      />
      {isLarge ? <p className={outputStyles.note}>A large value: open its parts one at a time.</p> : null}
    </>
  );
}
