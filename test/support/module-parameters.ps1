# Prints, as JSON, every cmdlet of a module with its parameters (name → aliases) and parameter sets
# (each a sorted list of parameter names), PowerShell's common parameters left out.
param([Parameter(Mandatory)][string]$Module)
Import-Module $Module
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$out = @{}
foreach ($c in Get-Command -Module MicrosoftTeams) {
    $params = @{}
    foreach ($p in $c.Parameters.Values) { if ($common -notcontains $p.Name) { $params[$p.Name] = @($p.Aliases | Sort-Object) } }
    $sets = @($c.ParameterSets | ForEach-Object { , @($_.Parameters | Where-Object { $common -notcontains $_.Name } | ForEach-Object Name | Sort-Object) })
    $out[$c.Name] = @{ params = $params; sets = $sets }
}
$out | ConvertTo-Json -Depth 6 -Compress
