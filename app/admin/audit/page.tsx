import { api } from "../../_trpc/server.ts";
import { AdminTable } from "../_components/admin-table.tsx";
import { readParams, type SearchParams, when } from "../_components/search-params.ts";

const PAGE_SIZE = 50;

export default async function AdminAudit({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const audit = await api.admin.audit.list({ page, pageSize: PAGE_SIZE });
  return (
    <AdminTable
      title="Audit"
      params={params}
      list={audit}
      rowKey={(row) => row.id}
      rowTestId="audit-row"
      empty="No admin actions yet."
      columns={[
        { header: "When", cell: (row) => when(row.createdAt) },
        { header: "Who", cell: (row) => row.actorEmail },
        { header: "Action", cell: (row) => row.action },
        { header: "Target", kind: "mono", cell: (row) => `${row.targetType} ${row.targetId}` },
        { header: "Before", kind: "mono", cell: (row) => JSON.stringify(row.before) },
        { header: "After", kind: "mono", cell: (row) => JSON.stringify(row.after) },
      ]}
    />
  );
}
