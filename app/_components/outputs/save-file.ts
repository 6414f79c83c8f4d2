/** Saves a file the page made (an export, a chart, a table) through the browser's download. */
export function saveFile(fileName: string, data: Blob | string) {
  const url = typeof data === "string" ? data : URL.createObjectURL(data);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started; the URL is not needed after this task.
  if (typeof data !== "string") setTimeout(() => URL.revokeObjectURL(url), 0);
}
