/**
 * The build's rules for a program that a check runs (compiler/declare/program.ts): the paths of the
 * field's common repairs pass; shells, scripts, shares, bare names, unknown variables and climbing
 * paths are refused with REMC095; a program in the user's profile needs the user.
 */
import { describe, expect, it } from 'vitest';
import { isUserProgram, programArgumentsCheck, programPathProblems, exitCodesCheck } from '../compiler/declare/program.ts';

describe('programPathProblems', () => {
  it.each([
    '%CommonProgramFiles%\\Microsoft Shared\\ClickToRun\\OfficeClickToRun.exe',
    '%SystemRoot%\\System32\\netsh.exe',
    '%systemroot%\\System32\\msiexec.exe',
    '%ProgramFiles(x86)%\\Vendor\\Agent\\repair.exe',
    'C:\\Program Files\\Vendor\\tool.com',
    '%LOCALAPPDATA%\\Microsoft\\Teams\\Update.exe',
  ])('accepts %s', (path) => {
    expect(programPathProblems(path)).toEqual([]);
  });

  it.each([
    ['%SystemRoot%\\System32\\cmd.exe', 'runs its arguments as code'],
    ['%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'runs its arguments as code'],
    ['C:\\Program Files\\PowerShell\\7\\pwsh.exe', 'runs its arguments as code'],
    ['%SystemRoot%\\System32\\cscript.exe', 'runs its arguments as code'],
    ['C:\\Tools\\fix.bat', 'is not a program (.exe or .com)'],
    ['C:\\Tools\\fix.ps1', 'is not a program (.exe or .com)'],
    ['C:\\Tools\\fix', 'is not a program (.exe or .com)'],
    ['netsh.exe', 'is not a full path'],
    ['System32\\netsh.exe', 'is not a full path'],
    ['C:netsh.exe', 'is not a full path'],
    ['\\\\server\\share\\tool.exe', 'is on a network share'],
    ['%TEMP%\\tool.exe', 'which Windows does not set for every account'],
    ['%SystemRoot%\\System32\\..\\tool.exe', 'climbs with . or ..'],
    ['C:\\Tools\\*.exe', 'holds a character a program\'s path cannot'],
    ['%SystemRoot%\\%OTHER%\\tool.exe', 'holds a character a program\'s path cannot'],
    ['C:/Tools/tool.exe', 'is not a full path'],
  ])('refuses %s: %s', (path, message) => {
    const problems = programPathProblems(path);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('REMC095');
    expect(problems[0]!.option).toBe('path');
    expect(problems[0]!.message).toContain(message);
    expect(problems[0]!.hint).toBeTruthy();
  });
});

describe('isUserProgram', () => {
  it('is true for the user profile only', () => {
    expect(isUserProgram('%LOCALAPPDATA%\\x\\a.exe')).toBe(true);
    expect(isUserProgram('%appdata%\\x\\a.exe')).toBe(true);
    expect(isUserProgram('C:\\Users\\alice\\a.exe')).toBe(true);
    expect(isUserProgram('%ProgramFiles%\\x\\a.exe')).toBe(false);
    expect(isUserProgram('C:\\Tools\\a.exe')).toBe(false);
  });
});

describe('arguments and exit codes', () => {
  it('takes strings without NUL or line breaks as arguments', () => {
    expect(programArgumentsCheck(['winsock', 'reset', '', 'a b "c"'])).toBeUndefined();
    expect(programArgumentsCheck(['a\nb'])).toMatch(/item 0/);
    expect(programArgumentsCheck('winsock reset')).toMatch(/expected an array/);
  });

  it('takes 32-bit whole numbers as exit codes', () => {
    expect(exitCodesCheck([0, 3010, -2147024891])).toBeUndefined();
    expect(exitCodesCheck([])).toMatch(/at least one/);
    expect(exitCodesCheck([2 ** 31])).toMatch(/item 0/);
    expect(exitCodesCheck([1.5])).toMatch(/item 0/);
  });
});
