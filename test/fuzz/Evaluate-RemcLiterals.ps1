<#
Evaluates literals written by remc's encoder, batch after batch, in one long-lived process.
Reads a batch file path per line on stdin; the file holds literals separated by a delimiter line
(given as the first argument). For each literal it proves that nothing in it could run a command
(every AST node is a literal form) and then evaluates it, printing a SHA-256 of its canonical bytes:
  H <index> <base64>    the value's hash
  V <index> <message>   the literal is not a pure literal (or did not parse)
and DONE after each batch.
#>
param([Parameter(Mandatory = $true)] [string] $Delimiter)
$ErrorActionPreference = 'Stop'

# The checks run in C#: a PowerShell loop over every node of a 20,000-character literal is slow.
Add-Type -TypeDefinition @'
using System;
using System.IO;
using System.Collections;
using System.Management.Automation.Language;

public static class RemcLiteralCheck
{
    // Returns null when every node of the AST is literal syntax, else what is not.
    public static string Problem(Ast ast)
    {
        foreach (Ast node in ast.FindAll(a => true, true))
        {
            if (node is ScriptBlockAst || node is NamedBlockAst || node is StatementBlockAst || node is PipelineAst ||
                node is CommandExpressionAst || node is ConstantExpressionAst && !(node is StringConstantExpressionAst) ||
                node is ArrayExpressionAst || node is ArrayLiteralAst || node is HashtableAst || node is ParenExpressionAst)
                continue;
            var s = node as StringConstantExpressionAst;
            if (s != null) {
                if (s.StringConstantType == StringConstantType.SingleQuoted || s.StringConstantType == StringConstantType.SingleQuotedHereString || s.StringConstantType == StringConstantType.BareWord) continue;
                return "string of type " + s.StringConstantType;
            }
            var v = node as VariableExpressionAst;
            if (v != null) {
                string name = v.VariablePath.UserPath.ToLowerInvariant();
                if (name == "true" || name == "false" || name == "null") continue;
                return "variable $" + v.VariablePath.UserPath;
            }
            var c = node as ConvertExpressionAst;
            if (c != null) continue; // its TypeConstraintAst child is checked below
            var t = node as TypeConstraintAst;
            if (t != null) {
                string type = t.TypeName.FullName.ToLowerInvariant();
                if (type == "char" || type == "string" || type == "ordered") continue;
                return "type [" + t.TypeName.FullName + "]";
            }
            var b = node as BinaryExpressionAst;
            if (b != null) { if (b.Operator == TokenKind.Plus) continue; return "operator " + b.Operator; }
            var u = node as UnaryExpressionAst;
            if (u != null) { if (u.TokenKind == TokenKind.Comma || u.TokenKind == TokenKind.Minus || u.TokenKind == TokenKind.Join) continue; return "operator " + u.TokenKind; }
            return node.GetType().Name + " is not a literal";
        }
        return null;
    }

    // Canonical bytes of a value: raw UTF-16 code units (an encoding would replace lone surrogates).
    public static void Write(BinaryWriter w, object value)
    {
        var ps = value as System.Management.Automation.PSObject;
        if (ps != null && !(ps.BaseObject is System.Management.Automation.PSCustomObject)) value = ps.BaseObject;
        if (value == null) { w.Write((byte)0); return; }
        var str = value as string;
        if (str != null) {
            char[] chars = str.ToCharArray();
            byte[] bytes = new byte[chars.Length * 2];
            Buffer.BlockCopy(chars, 0, bytes, 0, bytes.Length);
            w.Write((byte)1); w.Write(chars.Length); w.Write(bytes); return;
        }
        if (value is bool) { w.Write((byte)2); w.Write((byte)((bool)value ? 1 : 0)); return; }
        var dict = value as IDictionary;
        if (dict != null) {
            w.Write((byte)3); w.Write(dict.Count);
            foreach (DictionaryEntry e in dict) { Write(w, e.Key); Write(w, e.Value); }
            return;
        }
        var list = value as object[];
        if (list != null) {
            w.Write((byte)4); w.Write(list.Length);
            foreach (object item in list) Write(w, item);
            return;
        }
        if (value is int || value is long) { w.Write((byte)5); w.Write(Convert.ToInt64(value)); return; }
        throw new InvalidOperationException("unexpected type " + value.GetType().FullName);
    }
}
'@

$sha = [System.Security.Cryptography.SHA256]::Create()
while ($null -ne ($path = [Console]::In.ReadLine())) {
    $chunks = [System.IO.File]::ReadAllText($path) -split [regex]::Escape("`r`n$Delimiter`r`n")
    $out = New-Object System.Text.StringBuilder
    for ($i = 0; $i -lt $chunks.Count; $i++) {
        $tokens = $null; $errors = $null
        # Unary comma: the value comes back as one object even when it is an array.
        $ast = [System.Management.Automation.Language.Parser]::ParseInput(",(`r`n" + $chunks[$i] + "`r`n)", [ref] $tokens, [ref] $errors)
        if ($errors.Count -gt 0) { $null = $out.AppendLine("V $i parse error: $($errors[0].Message)"); continue }
        $problem = [RemcLiteralCheck]::Problem($ast)
        if ($problem) { $null = $out.AppendLine("V $i $problem"); continue }
        $value = $ast.GetScriptBlock().InvokeReturnAsIs()
        $stream = New-Object System.IO.MemoryStream
        $writer = New-Object System.IO.BinaryWriter($stream)
        [RemcLiteralCheck]::Write($writer, $value)
        $writer.Flush()
        $null = $out.AppendLine("H $i " + [Convert]::ToBase64String($sha.ComputeHash($stream.ToArray())))
    }
    [Console]::Out.Write($out.ToString())
    [Console]::Out.WriteLine('DONE')
    [Console]::Out.Flush()
}
