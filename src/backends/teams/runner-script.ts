/**
 * The PowerShell that the session runs once at start. It contains no spec value: every call's
 * cmdlet and parameters arrive later as base64-encoded JSON, are decoded with
 * ConvertFrom-Json -AsHashtable and splatted, so PowerShell binds them as data (a name full of
 * quotes, `$()` or U+2019 is just a string). Results go back base64-encoded between markers, so
 * console noise, Unicode and newlines cannot garble them.
 */
export const RUNNER_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
# Objects built in memory before a call (an auto attendant's prompts, menus, call flows and the
# schedules they use) and passed to it: a parameter value @{ '$vf' = 'name' } is the object built
# under that name (with 'property', one of its properties). Only these cmdlets build.
$script:VfBuilders = @(
    'New-CsAutoAttendantPrompt', 'New-CsAutoAttendantCallableEntity', 'New-CsAutoAttendantMenuOption',
    'New-CsAutoAttendantMenu', 'New-CsAutoAttendantCallFlow', 'New-CsAutoAttendantCallHandlingAssociation',
    'New-CsOnlineTimeRange', 'New-CsOnlineDateTimeRange', 'New-CsOnlineSchedule', 'Get-CsAutoAttendant')
function Resolve-VfValue($Value, [hashtable]$Built) {
    if ($Value -is [System.Collections.IDictionary]) {
        if ($Value.Contains('$vf')) {
            $object = $Built[[string]$Value['$vf']]
            if ($Value.Contains('property')) { return $object.([string]$Value['property']) }
            return $object
        }
        $out = @{}
        foreach ($key in $Value.Keys) { $out[$key] = Resolve-VfValue $Value[$key] $Built }
        return $out
    }
    if ($Value -is [System.Collections.IList]) { return ,@(foreach ($item in $Value) { Resolve-VfValue $item $Built }) }
    return $Value
}
function Invoke-VfBuild($Steps) {
    $built = @{}
    foreach ($step in $Steps) {
        if ($step.cmdlet) {
            if ($script:VfBuilders -notcontains $step.cmdlet) { throw "refusing to build with '$($step.cmdlet)'" }
            $stepParams = @{}
            if ($step.params) { $stepParams = Resolve-VfValue $step.params $built }
            $built[[string]$step.name] = & $step.cmdlet @stepParams -ErrorAction Stop
        } else {
            # A built object with some properties set (an auto attendant read, then changed for Set-).
            $object = $built[[string]$step.from]
            foreach ($key in $step.set.Keys) { $object.$key = Resolve-VfValue $step.set[$key] $built }
            $built[[string]$step.name] = $object
        }
    }
    $built
}
function Invoke-VfBatch([string]$Payload) {
    $request = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Payload)) | ConvertFrom-Json -AsHashtable
    $results = [System.Collections.Generic.List[object]]::new()
    foreach ($call in $request.calls) {
        if ($call.cmdlet -notmatch '^(Get|New|Set|Remove|Grant)-Cs[A-Za-z]+$') { throw "refusing to run '$($call.cmdlet)'" }
        $params = @{}
        if ($call.params) { foreach ($key in $call.params.Keys) { $params[$key] = $call.params[$key] } }
        try {
            if ($call.build) {
                $built = Invoke-VfBuild $call.build
                foreach ($key in @($params.Keys)) { $params[$key] = Resolve-VfValue $params[$key] $built }
            }
            if ($call.inMemory) {
                $built = @(foreach ($inner in $call.inMemory.calls) {
                    # Only the cmdlets that build objects in memory (never reaching the tenant).
                    $innerParams = $inner.params
                    if ($inner.cmdlet -eq 'New-CsVoiceNormalizationRule') { & $inner.cmdlet @innerParams -InMemory -ErrorAction Stop }
                    elseif ($inner.cmdlet -eq 'New-CsTeamsEmergencyNumber') { & $inner.cmdlet @innerParams -ErrorAction Stop }
                    else { throw "refusing in-memory '$($inner.cmdlet)'" }
                })
                $params[$call.inMemory.param] = $built
            }
            if ($call.page) {
                $output = [System.Collections.Generic.List[object]]::new()
                $skip = 0
                do {
                    $pageItems = @(& $call.cmdlet @params -Top $call.page -Skip $skip -ErrorAction Stop)
                    foreach ($item in $pageItems) { $output.Add($item) }
                    $skip += $call.page
                } while ($pageItems.Count -eq $call.page)
            } else {
                $output = @(& $call.cmdlet @params -ErrorAction Stop)
            }
            $results.Add(@{ ok = $true; output = @($output) })
        } catch {
            $results.Add(@{ ok = $false; error = $_.Exception.Message; errorId = [string]$_.FullyQualifiedErrorId })
            if ($request.stopOnError) { break }
        }
    }
    $json = ConvertTo-Json -InputObject @{ results = $results.ToArray() } -Depth 12 -Compress
    'VFOUT:' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json)) + ':VFEND'
}
Import-Module -Name $env:VOICEFORM_TEAMS_MODULE -ErrorAction Stop
# -TeamsEnvironmentName is not in the AccessTokens set (Connect-MicrosoftTeams.md): the tokens' cloud decides.
Connect-MicrosoftTeams -AccessTokens @($env:VOICEFORM_GRAPH_TOKEN, $env:VOICEFORM_TEAMS_TOKEN) -TenantId $env:VOICEFORM_TENANT_ID | Out-Null
Remove-Item Env:VOICEFORM_GRAPH_TOKEN, Env:VOICEFORM_TEAMS_TOKEN
'VFOUT:' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('{"results":[]}')) + ':VFEND'
`;
