import { afterEach, describe, expect, it, vi } from 'vitest'
import { saveFile } from './download.js'

describe('saveFile', () => {
  afterEach(() => { vi.restoreAllMocks(); vi.useRealTimers() })

  it('clicks a link to the blob under the given name and frees the URL later', async () => {
    vi.useFakeTimers()
    URL.createObjectURL = vi.fn(() => 'blob:test/1')
    URL.revokeObjectURL = vi.fn()
    const clicked = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function () { clicked.push([this.href, this.download]) })
    await saveFile(Promise.resolve(new Blob(['%PDF'])), '名册.xlsx')
    expect(clicked).toEqual([['blob:test/1', '名册.xlsx']])
    expect(URL.revokeObjectURL).not.toHaveBeenCalled()
    vi.advanceTimersByTime(10000)
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:test/1')
  })

  it('passes a failed download on to the caller and saves nothing', async () => {
    URL.createObjectURL = vi.fn()
    await expect(saveFile(Promise.reject(new Error('无权下载')), 'x.pdf')).rejects.toThrow('无权下载')
    expect(URL.createObjectURL).not.toHaveBeenCalled()
  })
})
