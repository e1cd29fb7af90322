// schtasks output in the shapes Windows 10/11 print, in English and German (de-DE). The CSV
// layout (every field quoted, a header line per task folder unless /NH) and the message
// wording follow the real tool; the German lines are the de-DE wording of the same messages.

/** `schtasks /Query /FO CSV` on an English Windows (a header per folder). */
export const TASK_LIST_CSV = [
  '"TaskName","Next Run Time","Status"',
  '"\\Clawd Gateway","N/A","Running"',
  '"\\MicrosoftEdgeUpdateTaskMachineCore","11/25/2025 10:12:00 AM","Ready"',
  "",
  '"TaskName","Next Run Time","Status"',
  '"\\Microsoft\\Windows\\Defrag\\ScheduledDefrag","N/A","Ready"',
  "",
].join("\r\n");

/** The same on a German Windows. */
export const GERMAN_TASK_LIST_CSV = [
  '"Aufgabenname","Nächste Laufzeit","Status"',
  '"\\Clawd Gateway","Nicht zutreffend","Wird ausgeführt"',
  '"\\MicrosoftEdgeUpdateTaskMachineCore","25.11.2025 10:12:00","Bereit"',
  "",
  '"Aufgabenname","Nächste Laufzeit","Status"',
  '"\\Microsoft\\Windows\\Defrag\\ScheduledDefrag","Nicht zutreffend","Bereit"',
  "",
].join("\r\n");

/** Messages schtasks prints on stderr (exit code 1 for every one of them). */
export const MESSAGES = {
  en: {
    missing: "ERROR: The system cannot find the file specified.\r\n",
    denied: "ERROR: Access is denied.\r\n",
    notRunning: (name: string) => `ERROR: The task "${name}" is not running.\r\n`,
    /** `/Run` of a disabled task: SCHED_E_TASK_DISABLED (0x80041326) as schtasks words it. */
    disabled: "ERROR: The task is disabled.\r\n",
  },
  de: {
    missing: "FEHLER: Das System kann die angegebene Datei nicht finden.\r\n",
    denied: "FEHLER: Zugriff verweigert\r\n",
    notRunning: (name: string) => `FEHLER: Die Aufgabe "${name}" wird zurzeit nicht ausgeführt.\r\n`,
    disabled: "FEHLER: Die Aufgabe ist deaktiviert.\r\n",
  },
} as const;

/** `schtasks /Query /FO CSV /NH` listing `names` (plus a Windows task), in either language. */
export function taskListCsv(names: readonly string[]): string {
  return [...names.map((n) => `"\\${n}","N/A","Ready"`), '"\\Microsoft\\Windows\\Defrag\\ScheduledDefrag","N/A","Ready"', ""].join("\r\n");
}

/**
 * `schtasks /Query /TN <name> /V /FO LIST` on a German Windows: every key and status word is
 * translated ("Status: Wird ausgeführt | Bereit | Deaktiviert", "Status der geplanten Aufgabe:
 * Aktiviert | Deaktiviert"); the Last Result code stays a number.
 */
export function queryListGerman(name: string, options: { lastResult?: string; status?: string; taskState?: string } = {}): string {
  return [
    "",
    "Ordner: \\",
    "Hostname:                             DESKTOP-1",
    `Aufgabenname:                         \\${name}`,
    "Nächste Laufzeit:                     Nicht zutreffend",
    `Status:                               ${options.status ?? "Wird ausgeführt"}`,
    "Anmeldemodus:                         Nur interaktiv",
    "Letzte Laufzeit:                      24.11.2025 09:00:01",
    `Letztes Ergebnis:                     ${options.lastResult ?? "267009"}`,
    "Autor:                                DESKTOP-1\\me",
    'Auszuführende Aufgabe:                "C:\\Users\\me\\.clawd\\gateway.cmd"',
    "Starten in:                           Nicht zutreffend",
    "Kommentar:                            Nicht zutreffend",
    `Status der geplanten Aufgabe:         ${options.taskState ?? "Aktiviert"}`,
    "Ausführen als Benutzer:               me",
    "Aufgabe beenden, falls sie X Stunden und X Minuten läuft: 72:00:00",
    "Zeitplantyp:                          Bei Anmeldung",
    "",
  ].join("\r\n");
}
