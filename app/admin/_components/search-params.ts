/** Next's searchParams, as single strings (the admin pages' filters and page numbers). */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function readParams(searchParams: SearchParams) {
  const raw = await searchParams;
  const params = Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  ) as Record<string, string | undefined>;
  const page = Math.max(1, Number.parseInt(params.page ?? "1", 10) || 1);
  return { params, page };
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export const when = (value: Date | string | null | undefined) =>
  value ? `${dateTime.format(new Date(value))} UTC` : "—";

export const number = (value: number | null | undefined) =>
  value == null ? "—" : value.toLocaleString("en");
