-- Minimal init for tests/editor_nvim.rs: the plugin from this checkout, the
-- server under test, nothing else. Paths arrive in environment variables.
vim.opt.runtimepath:prepend(os.getenv("STRATA_E2E_PLUGIN"))
vim.opt.swapfile = false
vim.opt.shadafile = "NONE"

require("strata").setup({
  cmd = { os.getenv("STRATA_E2E_SERVER"), "lsp" },
})
