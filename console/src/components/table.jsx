// A plain data table: columns are {title, get(row) → node}; rows need a key.
export function Table({ columns, rows, rowKey, empty = 'Nothing here yet.', id }) {
  if (!rows || rows.length === 0) return <p class="empty">{empty}</p>;
  return (
    <table class="data" id={id}>
      <thead>
        <tr>{columns.map((c) => <th key={c.title}>{c.title}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)} data-key={rowKey(r)}>
            {columns.map((c) => <td key={c.title}>{c.get(r)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
