import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { draft } from '../../test/prepare-fixtures';
import { pdfFile, prepareBackend } from '../../test/prepare-backend';
import { DraftEditor } from './draft-editor.svelte';
import type { DraftView } from './types';

afterEach(() => clearMocks());

describe('the draft editor', () => {
  it('sends trimmed fields, empty ones as null, and depth-normalised items', () => {
    const editor = new DraftEditor(draft);
    editor.rows[1].presenter = '  ';
    editor.rows[1].title = ' Chương trình ';
    const sent = editor.toDraft();
    expect(sent.items[1]).toMatchObject({ title: 'Chương trình', presenter: null, depth: 0 });
    expect(sent.info).toEqual(draft.info);
    expect('key' in sent.items[0]).toBe(false);
    editor.destroy();
  });

  it('does not save while the form has problems, and says so', async () => {
    const { names } = prepareBackend({ drafts: [draft] });
    const editor = new DraftEditor(draft, { autosaveMs: 5 });
    editor.form.title = '';
    editor.edited();
    expect(editor.saveState).toBe('blocked');
    expect(await editor.save()).toBe(false);
    expect(names()).not.toContain('save_draft');
    editor.destroy();
  });

  it('never lets a save overtake an attachment (it would drop the new document)', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const { called } = prepareBackend({
      drafts: [draft],
      handlers: {
        attach_document: async (args) => {
          order.push('attach:start');
          await gate;
          order.push('attach:end');
          const view = structuredClone(draft) as DraftView;
          view.items[args.item as number].documents.push({
            id: 'doc-new',
            title: args.title as string,
            kind: 'report',
            access: { kind: 'participants' },
            sizeBytes: 10,
          });
          return view;
        },
        save_draft: (args) => {
          order.push('save');
          return args.draft;
        },
      },
    });
    const editor = new DraftEditor(draft, { autosaveMs: 1 });
    const attaching = editor.attachFile(editor.rows[1].key, pdfFile('Báo cáo.pdf'), 'report', { kind: 'participants' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['attach:start']);
    // An edit meanwhile: its save waits for the attachment.
    editor.form.place = 'Hội trường B';
    editor.edited();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['attach:start']);
    release();
    expect(await attaching).toBe(true);
    expect(await editor.flush()).toBe(true);
    expect(order).toEqual(['attach:start', 'attach:end', 'save']);
    const saved = called('save_draft')[0].draft as DraftView;
    expect(saved.info.place).toBe('Hội trường B');
    expect(saved.items[1].documents.map((d) => d.id)).toEqual(['doc-new']);
    editor.destroy();
  });
});
