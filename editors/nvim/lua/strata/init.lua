-- Strata for Neovim: starts `strata lsp` for infrastructure-as-code buffers
-- and attaches them to it, one client per project root.
--
--   require("strata").setup{}                      -- defaults below
--   require("strata").setup{ settings = { failOn = "high" } }
--
-- Works on Neovim 0.7 (vim.lsp.start_client + vim.lsp.buf_attach_client) and
-- on current releases (vim.lsp.start). For Neovim 0.11's vim.lsp.config see
-- lsp/strata.lua next to this folder.

local M = {}

local uv = vim.uv or vim.loop

local defaults = {
  -- The command that runs the server.
  cmd = { "strata", "lsp" },
  -- Buffers of these filetypes are attached.
  filetypes = { "terraform", "terraform-vars", "hcl", "yaml", "helm", "dockerfile", "json" },
  -- Tried in order; a nested list holds markers of equal priority (the
  -- nearest of them wins). A marker with `*` or `?` is a file-name glob.
  -- With none found, the buffer's own folder is the root.
  root_markers = { { "strata.toml", ".git" }, "Chart.yaml", "*.tf" },
  -- A function(file_name, bufnr) returning the root folder, instead of root_markers.
  root_dir = nil,
  -- What the server reads: failOn, rulesDir, trustedRegistries, varFiles,
  -- valuesFiles. Sent as the answer to workspace/configuration (section
  -- "strata") and, unless init_options is given, as initializationOptions.
  settings = {},
  init_options = nil,
  -- Teach Neovim the filetypes it may lack: *.tf as terraform (0.7 says "tf"),
  -- Dockerfile variants, and Helm templates (templates/*.yaml, *.tpl in a chart).
  filetype_detection = true,
  -- Passed through to the client.
  on_attach = nil,
  capabilities = nil,
  handlers = nil,
  flags = nil,
  -- Start the server as soon as a matching buffer opens.
  autostart = true,
}

-- The setup() options in force.
M.config = vim.deepcopy(defaults)

--- A copy of the default options.
function M.defaults()
  return vim.deepcopy(defaults)
end

-- Clients started by this plugin on Neovim without vim.lsp.start, by root.
local clients_by_root = {}
local warned_missing = false

local function is_list(value)
  if type(value) ~= "table" then
    return false
  end
  local count = 0
  for _ in pairs(value) do
    count = count + 1
  end
  return count == #value
end

-- vim.lsp.get_clients is 0.10's name for get_active_clients.
local function all_clients()
  return (vim.lsp.get_clients or vim.lsp.get_active_clients)()
end

local function has_glob(marker)
  return marker:find("[%*%?%[]") ~= nil
end

local function path_join(a, b)
  if a:sub(-1) == "/" then
    return a .. b
  end
  return a .. "/" .. b
end

local function parent(dir)
  local up = vim.fn.fnamemodify(dir, ":h")
  if up == dir then
    return nil
  end
  return up
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function dir_has(dir, marker)
  if not has_glob(marker) then
    return exists(path_join(dir, marker))
  end
  local regex = vim.fn.glob2regpat(marker)
  local handle = uv.fs_scandir(dir)
  if not handle then
    return false
  end
  while true do
    local name = uv.fs_scandir_next(handle)
    if name == nil then
      return false
    end
    if vim.fn.match(name, regex) == 0 then
      return true
    end
  end
end

-- The nearest folder at or above `start` that holds any of `markers`.
local function find_up(start, markers)
  local dir = start
  while dir do
    for _, marker in ipairs(markers) do
      if dir_has(dir, marker) then
        return dir
      end
    end
    dir = parent(dir)
  end
  return nil
end

--- The project root of a file: root_markers tried in order, else its folder.
function M.find_root(file_name, root_markers)
  local start = vim.fn.fnamemodify(file_name, ":p:h")
  for _, group in ipairs(root_markers or M.config.root_markers) do
    local markers = type(group) == "table" and group or { group }
    local found = find_up(start, markers)
    if found then
      return found
    end
  end
  return start
end

local function is_absolute(path)
  return path:sub(1, 1) == "/" or path:match("^%a:[\\/]") ~= nil
end

-- Expands `~` and `${workspaceFolder}`; relative paths are taken from `root`.
local function expand_path(value, root)
  if type(value) ~= "string" or value == "" then
    return value
  end
  local expanded = value:gsub("%${workspaceFolder}", function()
    return root
  end)
  if expanded == "~" or expanded:sub(1, 2) == "~/" then
    expanded = (uv.os_homedir() or "~") .. expanded:sub(2)
  end
  if not is_absolute(expanded) then
    expanded = path_join(root, expanded)
  end
  return expanded
end

-- Accepts settings flat ({ failOn = ... }) or lspconfig-style ({ strata = { ... } }).
local function strata_section(settings)
  if type(settings) == "table" and type(settings.strata) == "table" then
    return settings.strata
  end
  return settings or {}
end

--- The settings for one root, with relative paths made absolute against it.
--- Empty lists are kept (they encode as JSON arrays); an empty table becomes
--- an empty JSON object.
function M.settings_for_root(settings, root)
  local section = vim.deepcopy(strata_section(settings))
  if type(section.rulesDir) == "string" then
    section.rulesDir = expand_path(section.rulesDir, root)
  end
  for _, key in ipairs({ "varFiles", "valuesFiles" }) do
    if type(section[key]) == "table" then
      section[key] = vim.tbl_map(function(file)
        return expand_path(file, root)
      end, section[key])
    end
  end
  if next(section) == nil then
    return vim.empty_dict()
  end
  return section
end

-- Answers workspace/configuration from the client's settings: the section
-- "strata" (or none) gets the whole table, "strata.failOn" one value. Unlike
-- Neovim 0.7's own handler it answers every item, so answers never shift.
local function configuration_handler(_, result, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local settings = client and (client.settings or client.config.settings) or {}
  local section_table = settings.strata or vim.empty_dict()
  local answers = {}
  for index, item in ipairs((result and result.items) or {}) do
    local section = item.section
    local value
    if section == nil or section == "" or section == "strata" then
      value = section_table
    elseif section:sub(1, 7) == "strata." then
      value = section_table
      for key in section:sub(8):gmatch("[^.]+") do
        value = type(value) == "table" and value[key] or nil
      end
    end
    if value == nil then
      value = vim.NIL
    end
    answers[index] = value
  end
  return answers
end

M.configuration_handler = configuration_handler

--- A before_init for configurations that Neovim or nvim-lspconfig start
--- (lsp/strata.lua, M.lspconfig()): once the root is known, resolves the
--- settings' paths against it and sends them as initializationOptions unless
--- init_options were given.
function M.before_init(params, config)
  local root = config.root_dir or vim.fn.getcwd()
  local settings = M.settings_for_root(config.settings, root)
  -- In place: the client keeps a reference to this very table.
  config.settings = config.settings or {}
  config.settings.strata = settings
  if config.init_options == nil or next(config.init_options) == nil then
    params.initializationOptions = settings
  end
end

--- The configuration to register with nvim-lspconfig's legacy framework
--- (Neovim before 0.11):
---   require("lspconfig.configs").strata = { default_config = require("strata").lspconfig() }
function M.lspconfig()
  local opts = M.defaults()
  return {
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_dir = function(file_name)
      if file_name == "" or file_name:match("^%a[%w+.-]*://") then
        return nil
      end
      return M.find_root(file_name, opts.root_markers)
    end,
    settings = { strata = vim.empty_dict() },
    handlers = { ["workspace/configuration"] = configuration_handler },
    before_init = M.before_init,
  }
end

local function server_is_installed(cmd)
  if type(cmd) ~= "table" then
    return true -- a function: Neovim 0.10's cmd = function(dispatchers)
  end
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  if not warned_missing then
    warned_missing = true
    vim.schedule(function()
      vim.notify(
        ("strata: `%s` is not executable; install Strata or set cmd in require('strata').setup{}"):format(cmd[1]),
        vim.log.levels.WARN
      )
    end)
  end
  return false
end

--- The client configuration for one root (used by setup() and by lsp/strata.lua).
function M.client_config(root, opts)
  opts = opts or M.config
  local settings = M.settings_for_root(opts.settings, root)
  local init_options = opts.init_options
  if init_options == nil then
    init_options = settings
  elseif next(init_options) == nil then
    init_options = vim.empty_dict()
  end
  local handlers = vim.tbl_extend("force", { ["workspace/configuration"] = configuration_handler }, opts.handlers or {})
  return {
    name = "strata",
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    settings = { strata = settings },
    init_options = init_options,
    handlers = handlers,
    capabilities = opts.capabilities,
    on_attach = opts.on_attach,
    flags = opts.flags,
  }
end

local function attachable(bufnr)
  if vim.bo[bufnr].buftype ~= "" then
    return false
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  -- Unnamed buffers have no path to analyse; other schemes are not files.
  return name ~= "" and not name:match("^%a[%w+.-]*://")
end

-- Neovim 0.7 only (vim.lsp.start does this itself on later releases).
local function live_client(id)
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not client.is_stopped() then
    return client
  end
  return nil
end

--- Starts (or reuses) the client for the buffer's root and attaches the buffer.
--- Returns the client id, or nil when the buffer is not a file or the server
--- is missing.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not attachable(bufnr) then
    return nil
  end
  local opts = M.config
  if not server_is_installed(opts.cmd) then
    return nil
  end
  local file_name = vim.api.nvim_buf_get_name(bufnr)
  local root = opts.root_dir and opts.root_dir(file_name, bufnr) or M.find_root(file_name, opts.root_markers)
  if not root then
    return nil
  end
  root = vim.fn.fnamemodify(root, ":p"):gsub("(.)/$", "%1")
  local config = M.client_config(root, opts)

  if vim.lsp.start then
    -- Neovim 0.8+: reuses a running client with the same name and root.
    return vim.lsp.start(config, { bufnr = bufnr })
  end

  local client = live_client(clients_by_root[root])
  if not client then
    local id = vim.lsp.start_client(config)
    if not id then
      return nil
    end
    clients_by_root[root] = id
    client = { id = id }
  end
  vim.lsp.buf_attach_client(bufnr, client.id)
  return client.id
end

--- Stops every Strata client and attaches their buffers to new ones.
function M.restart()
  local buffers = {}
  for _, client in ipairs(all_clients()) do
    if client.name == "strata" then
      for bufnr in pairs(client.attached_buffers or {}) do
        buffers[#buffers + 1] = bufnr
      end
      vim.lsp.stop_client(client.id)
    end
  end
  clients_by_root = {}
  local function strata_running()
    for _, client in ipairs(all_clients()) do
      if client.name == "strata" then
        return true
      end
    end
    return false
  end
  -- Wait (up to 5 s) for the old processes to go before starting new ones.
  local function reattach(tries)
    if strata_running() and tries > 0 then
      vim.defer_fn(function()
        reattach(tries - 1)
      end, 100)
      return
    end
    for _, bufnr in ipairs(buffers) do
      if vim.api.nvim_buf_is_loaded(bufnr) then
        M.attach(bufnr)
      end
    end
  end
  reattach(50)
end

local function chart_root_of_template(path)
  -- A Helm template lives under <chart>/templates/ (subfolders allowed).
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir do
    if vim.fn.fnamemodify(dir, ":t") == "templates" then
      local chart = parent(dir)
      if chart and exists(path_join(chart, "Chart.yaml")) then
        return chart
      end
    end
    dir = parent(dir)
  end
  return nil
end

--- "helm" for a template of a chart on disk, else nil.
function M.helm_filetype(path)
  if chart_root_of_template(path) then
    return "helm"
  end
  return nil
end

local function helm_syntax_missing()
  return #vim.api.nvim_get_runtime_file("syntax/helm.vim", false) == 0
    and #vim.api.nvim_get_runtime_file("syntax/helm.lua", false) == 0
end

local function set_helm(bufnr)
  vim.bo[bufnr].filetype = "helm"
  -- Without a Helm syntax plugin, YAML highlighting is the closest thing.
  if helm_syntax_missing() then
    vim.bo[bufnr].syntax = "yaml"
  end
end

-- vim.filetype.add callback (Neovim 0.8+): "helm" for a chart's templates.
local function detect_helm(path, bufnr)
  if not M.helm_filetype(path) then
    return nil
  end
  vim.schedule(function()
    if vim.api.nvim_buf_is_valid(bufnr) and vim.bo[bufnr].filetype == "helm" and helm_syntax_missing() then
      vim.bo[bufnr].syntax = "yaml"
    end
  end)
  return "helm"
end

local function detect_filetypes()
  if vim.fn.has("nvim-0.8") == 1 then
    vim.filetype.add({
      -- Dockerfile variants and *.tf.json are known since 0.7.
      extension = {
        tf = "terraform",
        tfvars = "terraform-vars",
      },
      pattern = {
        [".*/templates/.*%.ya?ml"] = detect_helm,
        [".*/templates/.*%.tpl"] = detect_helm,
      },
    })
    return
  end
  -- Neovim 0.7: filetype.vim is in charge; these autocommands run with it.
  local group = vim.api.nvim_create_augroup("strata_filetypes", { clear = true })
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = { "*.tf" },
    callback = function(args)
      local ft = vim.bo[args.buf].filetype
      if ft == "" or ft == "tf" then
        vim.bo[args.buf].filetype = "terraform"
      end
    end,
  })
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = { "*.tfvars" },
    callback = function(args)
      if vim.bo[args.buf].filetype == "" then
        vim.bo[args.buf].filetype = "terraform-vars"
      end
    end,
  })
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = { "Containerfile", "*.Dockerfile", "Dockerfile.*", "Dockerfile" },
    callback = function(args)
      if vim.bo[args.buf].filetype == "" then
        vim.bo[args.buf].filetype = "dockerfile"
      end
    end,
  })
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = { "*/templates/*.yaml", "*/templates/*.yml", "*/templates/*.tpl" },
    callback = function(args)
      if M.helm_filetype(vim.api.nvim_buf_get_name(args.buf)) then
        set_helm(args.buf)
      end
    end,
  })
end

--- Configures the plugin; call once from your init file.
function M.setup(opts)
  opts = opts or {}
  vim.validate({
    cmd = { opts.cmd, { "table", "function" }, true },
    filetypes = { opts.filetypes, "table", true },
    root_markers = { opts.root_markers, "table", true },
    root_dir = { opts.root_dir, "function", true },
    settings = { opts.settings, "table", true },
    init_options = { opts.init_options, "table", true },
    on_attach = { opts.on_attach, "function", true },
  })
  local config = vim.tbl_extend("force", vim.deepcopy(defaults), opts)
  -- Lists replace the defaults whole rather than merging index by index.
  for _, key in ipairs({ "cmd", "filetypes", "root_markers" }) do
    if opts[key] ~= nil then
      config[key] = opts[key]
    end
  end
  if not is_list(config.filetypes) then
    error("strata: filetypes must be a list", 2)
  end
  M.config = config

  if config.filetype_detection then
    detect_filetypes()
  end

  local group = vim.api.nvim_create_augroup("strata_lsp", { clear = true })
  if config.autostart then
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = config.filetypes,
      callback = function(args)
        M.attach(args.buf)
      end,
    })
    -- Buffers that were already open when setup() ran.
    local wanted = {}
    for _, ft in ipairs(config.filetypes) do
      wanted[ft] = true
    end
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and wanted[vim.bo[bufnr].filetype] then
        M.attach(bufnr)
      end
    end
  end

  vim.api.nvim_create_user_command("StrataRestart", function()
    M.restart()
  end, { desc = "Restart the Strata language server" })
  vim.api.nvim_create_user_command("StrataAttach", function()
    M.attach(0)
  end, { desc = "Attach the current buffer to the Strata language server" })
end

return M
