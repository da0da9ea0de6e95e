/** File inputs: one file or several. */
import type { FileStorage, Markup } from 'flagon';
import { FieldImpl, type FieldInit, type FieldOptions, type FieldSpec } from './field.ts';
import type { FormInput } from './form-input.ts';
import { type RenderKw, tag } from './html.ts';

class FileImpl extends FieldImpl<FileStorage | FileStorage[] | null> {
  readonly type: string;
  readonly #multiple: boolean;

  constructor(init: FieldInit, options: FieldOptions<FileStorage | FileStorage[] | null>, multiple: boolean) {
    super(init, options);
    this.#multiple = multiple;
    this.type = multiple ? 'MultipleFileField' : 'FileField';
  }

  protected emptyValue(): FileStorage[] | null {
    return this.#multiple ? [] : null;
  }

  protected processInput(input: FormInput): void {
    // Browsers send an empty part with no file name when no file was chosen: that is no file.
    const files = input.getFiles(this.name).filter((f) => f.filename !== null && f.filename !== '');
    this.rawData = files.length === 0 ? null : files.map((f) => f.filename as string);
    this.data = this.#multiple ? files : (files[0] ?? null);
  }

  override value(): string {
    return '';
  }

  protected override flagAttributes(): RenderKw {
    const attrs = super.flagAttributes();
    const accept = this.flags.accept;
    if (typeof accept === 'string') attrs.accept = accept;
    return attrs;
  }

  protected widget(kw: RenderKw): Markup {
    return tag('input', { id: this.id, multiple: this.#multiple, name: this.name, type: 'file', ...kw });
  }
}

/** An `<input type="file">`; data is the uploaded `FileStorage`, or null. The form needs `enctype="multipart/form-data"`. */
export function fileField(options?: FieldOptions<FileStorage | null>): FieldSpec<FileStorage | null> {
  return {
    options: options ?? {},
    create: (init) =>
      new FileImpl(
        init,
        (options ?? {}) as FieldOptions<FileStorage | FileStorage[] | null>,
        false,
      ) as FieldImpl<FileStorage | null>,
  };
}

/** An `<input type="file" multiple>`; data is the uploaded files (an empty array when none). */
export function multipleFileField(options?: FieldOptions<FileStorage[]>): FieldSpec<FileStorage[]> {
  return {
    options: options ?? {},
    create: (init) =>
      new FileImpl(
        init,
        (options ?? {}) as FieldOptions<FileStorage | FileStorage[] | null>,
        true,
      ) as FieldImpl<FileStorage[]>,
  };
}
