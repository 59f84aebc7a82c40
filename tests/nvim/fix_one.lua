-- Neovim's built-in LSP client against `vaultcheck server`: open the note named by
-- $VAULTCHECK_NOTE, wait for the diagnostics, apply the quick fix of the first finding with
-- code $VAULTCHECK_CODE, save, and write what was seen to $VAULTCHECK_OUT.
local out = {}
local function finish(status)
  table.insert(out, status)
  vim.fn.writefile(out, os.getenv("VAULTCHECK_OUT"))
  vim.cmd("qa!")
end

vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("VAULTCHECK_NOTE")))
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "vaultcheck",
  cmd = { os.getenv("VAULTCHECK_PYTHON"), "-m", "vaultcheck", "server" },
  root_dir = vim.fn.getcwd(),
})
vim.lsp.buf_attach_client(bufnr, client_id)
-- The server first sends what it knows before the vault is loaded, then everything: wait
-- for $VAULTCHECK_COUNT diagnostics.
local count = tonumber(os.getenv("VAULTCHECK_COUNT") or "1")
if not vim.wait(60000, function() return #vim.diagnostic.get(bufnr) >= count end, 50) then
  return finish("no diagnostics")
end
local wanted
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  -- Neovim's own columns are bytes: it converted the server's UTF-16 positions.
  table.insert(out, string.format("%s %d:%d-%d:%d", code, d.lnum, d.col, d.end_lnum, d.end_col))
  if code == os.getenv("VAULTCHECK_CODE") and wanted == nil then
    wanted = d
  end
end
if wanted == nil then
  return finish("no such code")
end
local client = vim.lsp.get_client_by_id(client_id)
local line = vim.api.nvim_buf_get_lines(bufnr, wanted.lnum, wanted.lnum + 1, false)[1]
-- str_utfindex gives the UTF-32 index, then the UTF-16 one: the protocol's is the second.
local _, character = vim.str_utfindex(line, wanted.col)
local params = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = {
    start = { line = wanted.lnum, character = character },
    ["end"] = { line = wanted.lnum, character = character },
  },
  context = { diagnostics = {} },
}
local reply = client.request_sync("textDocument/codeAction", params, 30000, bufnr)
if reply == nil or reply.result == nil then
  return finish("no code actions")
end
for _, action in ipairs(reply.result) do
  if action.kind == "quickfix" then
    table.insert(out, action.title)
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    vim.cmd("write")
    return finish("done")
  end
end
finish("no quick fix among " .. vim.inspect(reply.result))
