-- Driver for tests/editor_nvim.rs, run with `-c "luafile driver.lua"` after
-- init.lua. It opens each fixture, waits for the expected diagnostic from
-- "strata", fixes the Terraform buffer without saving it, waits for the
-- diagnostic to go, writes everything it saw as JSON and quits.
--
-- Environment: STRATA_E2E_PROJECT (fixture root), STRATA_E2E_OUT (JSON
-- file), STRATA_E2E_EXPECT ("relative/path=CODE;..."), STRATA_E2E_TIMEOUT_MS.

local project = os.getenv("STRATA_E2E_PROJECT")
local out_file = os.getenv("STRATA_E2E_OUT")
local timeout = tonumber(os.getenv("STRATA_E2E_TIMEOUT_MS") or "") or 20000

local version = vim.version()
local result = {
  nvim = string.format("%d.%d.%d", version.major, version.minor, version.patch),
  files = {},
  clients = {},
  timeouts = {},
}

local function lsp_code(d)
  if d.code ~= nil then
    return d.code
  end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code or vim.NIL
end

local function strata_diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == "strata" then
      list[#list + 1] = {
        code = lsp_code(d),
        lnum = d.lnum,
        col = d.col,
        end_lnum = d.end_lnum,
        end_col = d.end_col,
        severity = d.severity,
        message = d.message,
      }
    end
  end
  return list
end

local function all_diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    list[#list + 1] = { source = d.source or vim.NIL, lnum = d.lnum, message = d.message }
  end
  return list
end

local function has_code(bufnr, code)
  for _, d in ipairs(strata_diagnostics(bufnr)) do
    if d.code == code then
      return true
    end
  end
  return false
end

local function strata_clients()
  local list = {}
  for _, client in ipairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do
    if client.name == "strata" then
      list[#list + 1] = client
    end
  end
  return list
end

-- How long no strata client may be listed before the server counts as gone.
-- Neovim 0.7 lists a client only once `initialize` has been answered.
local GONE_AFTER_MS = 5000

-- Waits for `condition`; gives up early when no strata server has been
-- running for a while (it failed to start, or crashed), so a broken server
-- fails fast.
local function wait_for(what, condition)
  local gone = false
  local missing_since = nil
  local met = vim.wait(timeout, function()
    if condition() then
      return true
    end
    if #strata_clients() > 0 then
      missing_since = nil
    else
      missing_since = missing_since or vim.loop.now()
      gone = vim.loop.now() - missing_since > GONE_AFTER_MS
    end
    return gone
  end, 50)
  if gone then
    result.timeouts[#result.timeouts + 1] = what .. " (no strata server is running)"
    return false
  end
  if not met then
    result.timeouts[#result.timeouts + 1] = what
    return false
  end
  return true
end

local function run()
  local expected = {}
  for rel, code in (os.getenv("STRATA_E2E_EXPECT") or ""):gmatch("([^=;]+)=([^;]+)") do
    expected[#expected + 1] = { rel = rel, code = code }
  end

  -- Open every fixture first, as a user opening a few files would.
  for _, item in ipairs(expected) do
    vim.cmd("edit " .. vim.fn.fnameescape(project .. "/" .. item.rel))
    item.bufnr = vim.api.nvim_get_current_buf()
  end
  for _, item in ipairs(expected) do
    wait_for(item.rel .. ": " .. item.code, function()
      return has_code(item.bufnr, item.code)
    end)
  end
  -- A moment for any further publications of the same analysis.
  vim.wait(300)

  for _, item in ipairs(expected) do
    result.files[item.rel] = {
      filetype = vim.bo[item.bufnr].filetype,
      opened = strata_diagnostics(item.bufnr),
      others = all_diagnostics(item.bufnr),
    }
  end
  for _, client in ipairs(strata_clients()) do
    local buffers = 0
    for _ in pairs(client.attached_buffers or {}) do
      buffers = buffers + 1
    end
    result.clients[#result.clients + 1] = {
      name = client.name,
      root_dir = client.config.root_dir or vim.NIL,
      buffers = buffers,
    }
  end

  -- Fix the volume in the unsaved buffer: `encrypted = false` becomes true.
  local tf = expected[1]
  local lines = vim.api.nvim_buf_get_lines(tf.bufnr, 0, -1, false)
  for index, line in ipairs(lines) do
    if line:match("^%s*encrypted%s*=") then
      local fixed = line:gsub("false", "true")
      vim.api.nvim_buf_set_lines(tf.bufnr, index - 1, index, false, { fixed })
      result.edited_line = index - 1
    end
  end
  wait_for(tf.rel .. ": " .. tf.code .. " to disappear after the edit", function()
    return not has_code(tf.bufnr, tf.code)
  end)
  result.files[tf.rel].edited = strata_diagnostics(tf.bufnr)
  result.files[tf.rel].modified = vim.bo[tf.bufnr].modified
end

local ok, err = pcall(run)
if not ok then
  result.error = tostring(err)
end
local file = assert(io.open(out_file, "w"))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd("qall!")
