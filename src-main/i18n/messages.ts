// What the main process shows in the user's language: the native menu and the titles and buttons of
// native dialogs. `fr` is typed by the English catalogue, so a missing or extra key fails to compile.
import type { Locale } from '../contract';

const en = {
  menu: {
    file: '&File',
    import: 'Import…',
    importFolder: 'Import Folder…',
    export: 'Export…',
    backup: 'Backup Workspace…',
    restore: 'Restore…',
    settings: 'Settings…',
    edit: '&Edit',
    undo: 'Undo',
    redo: 'Redo',
    find: 'Find in Document…',
    view: '&View',
    help: '&Help',
    shortcuts: 'Keyboard Shortcuts',
    securityChecklist: 'Electron security checklist',
  },
  dialog: {
    importDocuments: 'Import documents',
    importFolders: 'Import folders',
    documentsFilter: 'Documents and annotated files',
    allFiles: 'All files',
    export: 'Export',
    importSchema: 'Import a label schema',
    importSuggestList: 'Import a term list or cue list',
    backupWorkspace: 'Backup workspace',
    restoreBackup: 'Restore a backup',
    openPackage: 'Open a work package',
    backupFolder: 'Choose the backup folder',
    modelTitle: 'Model served by you',
    modelQuestion: (origin: string) => `Send documents to ${origin}?`,
    modelDetail: (url: string) =>
      `Glose will send the text of each document you ask the model for suggestions on to ${url}/predict, ` +
      'and read the spans it answers. Nothing else is sent, and nothing is sent anywhere else. You are asked once for this URL.',
    modelSend: 'Send documents',
    modelDontSend: 'Don’t send',
  },
};

export type MainMessages = typeof en;

const fr: MainMessages = {
  menu: {
    file: '&Fichier',
    import: 'Importer…',
    importFolder: 'Importer un dossier…',
    export: 'Exporter…',
    backup: 'Sauvegarder l’espace de travail…',
    restore: 'Restaurer…',
    settings: 'Réglages…',
    edit: 'É&dition',
    undo: 'Annuler',
    redo: 'Rétablir',
    find: 'Rechercher dans le document…',
    view: '&Affichage',
    help: 'Ai&de',
    shortcuts: 'Raccourcis clavier',
    securityChecklist: 'Liste de contrôle de sécurité d’Electron',
  },
  dialog: {
    importDocuments: 'Importer des documents',
    importFolders: 'Importer des dossiers',
    documentsFilter: 'Documents et fichiers annotés',
    allFiles: 'Tous les fichiers',
    export: 'Exporter',
    importSchema: 'Importer un jeu d’étiquettes',
    importSuggestList: 'Importer un lexique ou une liste d’indices',
    backupWorkspace: 'Sauvegarder l’espace de travail',
    restoreBackup: 'Restaurer une sauvegarde',
    openPackage: 'Ouvrir un lot de travail',
    backupFolder: 'Choisir le dossier des sauvegardes',
    modelTitle: 'Modèle servi par vous',
    modelQuestion: (origin: string) => `Envoyer des documents à ${origin}\u202f?`,
    modelDetail: (url: string) =>
      `Glose enverra à ${url}/predict le texte de chaque document pour lequel vous demandez des suggestions au modèle, ` +
      'et lira les segments qu’il renvoie. Rien d’autre n’est envoyé, et rien n’est envoyé ailleurs. La question n’est posée qu’une fois pour cette URL.',
    modelSend: 'Envoyer les documents',
    modelDontSend: 'Ne pas envoyer',
  },
};

export const MAIN_MESSAGES: Record<Locale, MainMessages> = { en, fr };
