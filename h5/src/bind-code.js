// A member's bind code, issued and shown once, where it is used: the roster and the person's record.
import { showDialog } from 'vant'
import { bindCode } from './api/org.js'
import { when } from './labels.js'

export async function showBindCode(person) {
  const { code, expires_at: expires } = await bindCode(person.id)
  await showDialog({ title: `${person.name}的绑定码`,
    message: `${code}\n\n请当面告知本人，在微信中输入以绑定党员身份。\n${when(expires)}前有效，只显示这一次。` })
}
