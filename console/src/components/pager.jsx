import { useState } from 'preact/hooks';

// Previous/next over a Nacos page ({totalCount, pageNumber, pagesAvailable}).
export function Pager({ data, pageNo, setPageNo }) {
  if (!data || data.pagesAvailable <= 1) return null;
  return (
    <div class="pager">
      <button type="button" disabled={pageNo <= 1} onClick={() => setPageNo(pageNo - 1)}>Previous</button>
      <span class="muted">page {pageNo} of {data.pagesAvailable}</span>
      <button type="button" disabled={pageNo >= data.pagesAvailable} onClick={() => setPageNo(pageNo + 1)}>Next</button>
    </div>
  );
}

// PAGE_SIZE is the rows a list page shows at once.
export const PAGE_SIZE = 100;

// useFilter is useState for a search field of a paged list: setting it
// goes back to the first page in the same update.
export function useFilter(initial, setPageNo) {
  const [v, setV] = useState(initial);
  return [v, (x) => {
    setV(x);
    setPageNo(1);
  }];
}
