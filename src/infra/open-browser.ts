// Opens a URL in the user's browser (mmm ui), through the `open` package: xdg-open, open or start,
// whichever the system has.
import open from 'open';

/** Opens `url`; resolves once the opener has started, rejects when there is none. */
export async function openBrowser(url: string): Promise<void> {
  await open(url);
}
