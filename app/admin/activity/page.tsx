import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { AdminTable, type Filter } from "../_components/admin-table.tsx";
import { number, readParams, type SearchParams, when } from "../_components/search-params.ts";

const PAGE_SIZE = 50;
const FILTERS: Filter[] = [
  { name: "accountId", label: "Account id" },
  { name: "model", label: "Model", placeholder: "gpt-5.4-mini" },
  { name: "status", label: "Status", options: ["open", "settled", "failed", "aborted"] },
  { name: "from", label: "From (UTC)", type: "date" },
  { name: "to", label: "To (UTC)", type: "date" },
];

export default async function AdminActivity({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const filter = Object.fromEntries(FILTERS.map(({ name }) => [name, params[name] || undefined]));
  const activity = await api.admin.activity.list({ ...filter, page, pageSize: PAGE_SIZE });
  const query = new URLSearchParams(
    Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1])),
  );
  return (
    <AdminTable
      title="Activity"
      filters={{
        fields: FILTERS,
        submit: "Filter",
        extra: (
          <a className={styles.button} href={`/admin/activity/export?${query}`} download>
            Export CSV
          </a>
        ),
      }}
      params={params}
      list={activity}
      rowKey={(row) => row.id}
      rowTestId="activity-row"
      empty="No requests match."
      columns={[
        { header: "When", cell: (row) => when(row.createdAt) },
        {
          header: "Account",
          cell: (row) => (
            <Link href={`/admin/users/${row.accountId}`}>{row.email ?? row.accountId.slice(0, 8)}</Link>
          ),
        },
        { header: "Model", cell: (row) => row.model },
        { header: "Status", cell: (row) => row.status },
        { header: "Prompt", kind: "number", cell: (row) => number(row.promptTokens) },
        { header: "Completion", kind: "number", cell: (row) => number(row.completionTokens) },
        { header: "Charged", kind: "number", cell: (row) => number(row.charged) },
        { header: "TTFT ms", kind: "number", cell: (row) => number(row.ttftMs) },
        { header: "Error", kind: "muted", cell: (row) => row.error ?? "" },
      ]}
    />
  );
}
