# Reads a Microsoft365DSC configuration without running any of it: every resource block
# (`Type "Instance" { Key = Value … }`) is cut out with its balanced braces, its CIM instances
# (`MSFT_X{ … }`) rewritten as hashtable literals, and the result parsed by PowerShell's own
# parser; values are read from the AST with SafeGetValue (constants only). Variables are not
# values: `$OrganizationName` is put back from -Organization first, as Microsoft365DSC put it in;
# the authentication variables (`$Credscredential`, `$ApplicationId`…) are left out by name.
# Writes one JSON line per block: { type, instance, properties, dropped }.
param(
    [Parameter(Mandatory)][string]$Path,
    [Parameter(Mandatory)][string]$Organization
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# Get-Content reads UTF-16 with BOM (as Microsoft365DSC writes) and UTF-8 alike.
$text = Get-Content -LiteralPath $Path -Raw
$orgEscaped = $Organization.Replace('`', '``').Replace('"', '`"').Replace('$', '`$')

# The blocks sit inside `Configuration … { Node … { … } }`; a resource block is an identifier,
# an instance name (quoted or a bare GUID-like word) and a brace at the start of a line.
$blockStart = [regex]'(?m)^[ \t]*(?<type>[A-Za-z][A-Za-z0-9_]*)[ \t]+(?:"(?<inst>[^"]*)"|''(?<inst>[^'']*)''|(?<inst>[A-Za-z0-9_.-]+))[ \t]*\r?\n?[ \t]*\{'
$skip = @('Configuration', 'Node', 'Import-DscResource', 'param')

function Find-Close([string]$s, [int]$open) {
    # The matching brace, skipping quoted strings (with their escapes) and comments.
    $depth = 0; $i = $open
    while ($i -lt $s.Length) {
        $c = $s[$i]
        if ($c -eq '#') { $nl = $s.IndexOf("`n", $i); if ($nl -lt 0) { return -1 }; $i = $nl; continue }
        if ($c -eq '"') { $i++; while ($i -lt $s.Length -and $s[$i] -ne '"') { if ($s[$i] -eq '`') { $i++ }; $i++ }; $i++; continue }
        if ($c -eq "'") { $i++; while ($i -lt $s.Length) { if ($s[$i] -eq "'") { if ($i + 1 -lt $s.Length -and $s[$i + 1] -eq "'") { $i += 2; continue }; break }; $i++ }; $i++; continue }
        if ($c -eq '{') { $depth++ } elseif ($c -eq '}') { $depth--; if ($depth -eq 0) { return $i } }
        $i++
    }
    return -1
}

function Set-Organization([string]$s) {
    $out = [System.Text.StringBuilder]::new(); $i = 0; $state = 'code'
    $token = '$OrganizationName'
    $quoted = "'" + $Organization.Replace("'", "''") + "'"
    while ($i -lt $s.Length) {
        $c = $s[$i]
        $isToken = $s.Length -ge $i + $token.Length -and $s.Substring($i, $token.Length) -ceq $token -and
            ($s.Length -eq $i + $token.Length -or -not [char]::IsLetterOrDigit($s[$i + $token.Length]))
        if ($state -eq 'dq') {
            if ($c -eq '`') { [void]$out.Append($s, $i, [Math]::Min(2, $s.Length - $i)); $i += 2; continue }
            if ($c -eq '"') { $state = 'code' }
            elseif ($isToken) { [void]$out.Append($orgEscaped); $i += $token.Length; continue }
        } elseif ($state -eq 'sq') {
            if ($c -eq "'") { $state = 'code' }
        } else {
            if ($c -eq '"') { $state = 'dq' }
            elseif ($c -eq "'") { $state = 'sq' }
            elseif ($isToken) { [void]$out.Append($quoted); $i += $token.Length; continue }
        }
        [void]$out.Append($c); $i++
    }
    return $out.ToString()
}

$auth = @('Credential', 'ApplicationId', 'TenantId', 'CertificateThumbprint', 'ApplicationSecret', 'CertificatePath', 'CertificatePassword', 'ManagedIdentity', 'AccessTokens', 'PsDscRunAsCredential')

function Read-Value($ast) {
    $expr = $ast
    if ($ast -is [System.Management.Automation.Language.PipelineAst]) { $expr = $ast.GetPureExpression() }
    if ($null -eq $expr) { throw 'not a constant' }
    if ($expr -is [System.Management.Automation.Language.HashtableAst]) { $t = Read-Table $expr; $t.Remove('__dropped'); return $t }
    if ($expr -is [System.Management.Automation.Language.ArrayExpressionAst] -or $expr -is [System.Management.Automation.Language.ArrayLiteralAst]) {
        $items = if ($expr -is [System.Management.Automation.Language.ArrayLiteralAst]) { $expr.Elements } else { @($expr.SubExpression.Statements | ForEach-Object { $_ }) }
        $out = [System.Collections.Generic.List[object]]::new()
        foreach ($e in $items) {
            $v = Read-Value $e
            if ($v -is [System.Array]) { foreach ($x in $v) { $out.Add($x) } } else { $out.Add($v) }
        }
        return , $out.ToArray()
    }
    return $expr.SafeGetValue()
}

function Read-Table($hashAst) {
    $props = [ordered]@{}; $dropped = @()
    foreach ($pair in $hashAst.KeyValuePairs) {
        $key = $pair.Item1.SafeGetValue()
        try { $props[$key] = Read-Value $pair.Item2 }
        catch { if ($auth -notcontains $key) { $dropped += $key } }
    }
    $props['__dropped'] = $dropped
    return $props
}

$pos = 0
while ($true) {
    $m = $blockStart.Match($text, $pos)
    if (-not $m.Success) { break }
    $type = $m.Groups['type'].Value
    $open = $m.Index + $m.Length - 1
    if ($skip -contains $type) { $pos = $open + 1; continue }
    $close = Find-Close $text $open
    if ($close -lt 0) { throw "the block $type $($m.Groups['inst'].Value) has no closing brace" }
    $body = $text.Substring($open + 1, $close - $open - 1)
    # $OrganizationName back to the organization: inside a double-quoted string as escaped text
    # (`$ stays a literal dollar), elsewhere as a single-quoted string.
    $body = Set-Organization $body
    # CIM instances become hashtable literals: MSFT_TeamsVoiceNormalizationRule{ … } → @{ … }.
    $body = [regex]::Replace($body, '\bMSFT_[A-Za-z0-9_]+\s*\{', '@{')
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput("@{`n$body`n}", [ref]$tokens, [ref]$errors)
    $line = [ordered]@{ type = $type; instance = $m.Groups['inst'].Value; properties = $null; dropped = @(); error = $null }
    if ($errors.Count -gt 0) { $line.error = $errors[0].Message }
    else {
        $hash = $ast.Find({ param($a) $a -is [System.Management.Automation.Language.HashtableAst] }, $false)
        $props = Read-Table $hash
        $line.dropped = $props['__dropped']; $props.Remove('__dropped')
        $line.properties = $props
    }
    $line | ConvertTo-Json -Depth 12 -Compress
    $pos = $close + 1
}
