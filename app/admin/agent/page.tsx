import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import { AdminTable } from "../_components/admin-table.tsx";
import { readParams, type SearchParams, when } from "../_components/search-params.ts";

const PAGE_SIZE = 25;

export default async function AdminAgent({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const sessions = await api.admin.agent.sessions({
    accountId: params.accountId || undefined,
    query: params.q || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  return (
    <AdminTable
      title="Agent sessions"
      filters={{
        fields: [
          { name: "q", label: "Title" },
          { name: "accountId", label: "Account id" },
        ],
        submit: "Filter",
      }}
      params={params}
      list={sessions}
      rowKey={(session) => session.id}
      empty="No sessions match."
      columns={[
        {
          header: "Title",
          cell: (session) => <Link href={`/admin/agent/${session.id}`}>{session.title}</Link>,
        },
        {
          header: "Account",
          cell: (session) => (
            <Link href={`/admin/users/${session.accountId}`}>
              {session.email ?? session.accountId.slice(0, 8)}
            </Link>
          ),
        },
        { header: "Model", cell: (session) => session.model ?? "—" },
        { header: "Messages", kind: "number", cell: (session) => session.messages },
        { header: "Cells", kind: "number", cell: (session) => session.cells },
        { header: "Updated", cell: (session) => when(session.updatedAt) },
      ]}
    />
  );
}
