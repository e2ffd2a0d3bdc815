/** Save a downloaded file under its name: the API's PDFs and sheets need the token, so they arrive as blobs. */
export async function saveFile(blobOrPromise, name) {
  const blob = await blobOrPromise
  const url = URL.createObjectURL(blob)
  Object.assign(document.createElement('a'), { href: url, download: name }).click()
  // The click starts the download; the URL is kept a while for slow phones before it is freed.
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}
