// Vant's button as the page tests see it: what it asks WeChat for (open-type) shows as a class; its events are
// dispatched on it by the test, as WeChat would after the user's tap.
Component({
  properties: { openType: String, type: String, block: Boolean, plain: Boolean, loading: Boolean, disabled: Boolean },
})
