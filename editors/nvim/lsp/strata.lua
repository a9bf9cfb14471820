-- Strata for Neovim 0.11+: picked up by vim.lsp.config / vim.lsp.enable when
-- this plugin is on 'runtimepath'.
--
--   vim.lsp.config("strata", { settings = { strata = { failOn = "high" } } })
--   vim.lsp.enable("strata")
--
-- Relative rulesDir / varFiles / valuesFiles are taken from the root folder,
-- as with require("strata").setup{}.

local strata = require("strata")
local defaults = strata.defaults()

return {
  cmd = defaults.cmd,
  filetypes = defaults.filetypes,
  -- root_dir below decides (strata.toml or .git, else Chart.yaml, else a
  -- folder of *.tf files); root_markers is for tools that list configs.
  root_markers = { "strata.toml", ".git", "Chart.yaml" },
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    if name ~= "" and vim.bo[bufnr].buftype == "" and not name:match("^%a[%w+.-]*://") then
      on_dir(strata.find_root(name, defaults.root_markers))
    end
  end,
  settings = { strata = vim.empty_dict() },
  handlers = {
    ["workspace/configuration"] = strata.configuration_handler,
  },
  before_init = strata.before_init,
}
