/**
 * What the main screen knows and does: the enrolled profile (or the choice among several),
 * the stored meetings, and syncing. Components read its fields (reactive `$state`) and call
 * `start()` / `sync()`.
 */
import {
  AppError,
  chooseProfile,
  listMeetings,
  listProfiles,
  listenToFeed,
  profileInfo,
  syncNow,
  toAppError,
  unlockProfile,
} from './ipc';
import type { ProfileChoice } from './prepare/types';
import type { MeetingView, ProfileInfo, SyncProgress, SyncReport } from './types';

/** Codes `profile_info` may answer with when no profile is chosen among several. */
const NO_PROFILE_CODES = new Set(['profile.missing', 'profile.not_found']);

/** The outcome of the last sync that succeeded. */
export interface LastSync {
  /** When it finished (epoch ms). */
  at: number;
  report: SyncReport;
}

/** State and actions of the meetings screen. */
export class AppState {
  /** The enrolled profile; `null` when this device is not enrolled. */
  profile = $state<ProfileInfo | null>(null);
  /** True once `profile_info` has answered (either way). */
  profileKnown = $state(false);
  /** Meetings from the local store. */
  meetings = $state<MeetingView[]>([]);
  /** True while the first `list_meetings` is pending. */
  loading = $state(true);
  /** The profile's key is protected by a passphrase not typed yet. */
  locked = $state(false);
  /** True while `sync_now` runs. */
  syncing = $state(false);
  /** True after a sync failed with `sync.unreachable` (stored data is shown). */
  offline = $state(false);
  /** An error to show in the banner, if any. */
  error = $state<AppError | null>(null);
  /** The last successful sync. */
  lastSync = $state<LastSync | null>(null);
  /** Bytes of the meeting being downloaded, while a sync runs. */
  progress = $state<SyncProgress | null>(null);
  /** Whether the background connection to the server is up (`null` until it reports). */
  online = $state<boolean | null>(null);
  /** The profiles enrolled on this installation; `null` while not asked (or loading). */
  profiles = $state<ProfileChoice[] | null>(null);
  /** True while the profile chooser is shown. */
  choosing = $state(false);
  /** Why listing or choosing a profile failed. */
  chooserError = $state<AppError | null>(null);

  private stopFeed: (() => void) | null = null;

  /** Whether "Đổi người dùng" makes sense: a profile is open and others may exist. */
  get canSwitch(): boolean {
    return this.profile !== null && (this.profiles === null || this.profiles.length > 1);
  }

  /** Loads profile and stored meetings, then (if enrolled) syncs in the background. */
  async start(): Promise<void> {
    this.loading = true;
    const [profile, meetings] = await Promise.allSettled([profileInfo(), listMeetings()]);
    let noProfile = false;
    if (profile.status === 'fulfilled') {
      this.profile = profile.value;
      this.profileKnown = true;
      noProfile = profile.value === null;
    } else {
      const err = toAppError(profile.reason);
      if (err.code === 'profile.locked') {
        this.locked = true;
        this.loading = false;
        return;
      }
      noProfile = NO_PROFILE_CODES.has(err.code);
      this.error = err;
    }
    // Several profiles and none chosen: the first screen asks who is using the computer.
    if (noProfile && (await this.loadProfiles()) && this.profiles!.length > 0 && !this.profiles!.some((p) => p.current)) {
      if (this.error && NO_PROFILE_CODES.has(this.error.code)) this.error = null;
      this.choosing = true;
    }
    if (meetings.status === 'fulfilled') {
      this.meetings = meetings.value;
    } else {
      this.error = toAppError(meetings.reason);
    }
    this.loading = false;
    if (this.profile) {
      await this.follow();
      await this.sync();
    }
  }

  /** Listens to the app's background following: news refreshes the list by itself. */
  private async follow(): Promise<void> {
    this.stopFeed?.();
    this.stopFeed = null;
    try {
      this.stopFeed = await listenToFeed({
        connection: (state) => {
          this.online = state.online;
          this.offline = !state.online;
        },
        synced: (report) => {
          this.lastSync = { at: Date.now(), report };
          void this.reload();
        },
      });
    } catch {
      // Without events the "Đồng bộ" button still works; nothing is lost.
    }
  }

  /** Re-reads the stored meetings. */
  async reload(): Promise<void> {
    try {
      this.meetings = await listMeetings();
    } catch (reason) {
      this.error = toAppError(reason);
    }
  }

  /** Runs `sync_now`, then re-reads the stored meetings. Ignored while a sync is running. */
  async sync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    this.error = null;
    this.offline = false;
    try {
      const report = await syncNow((progress) => {
        this.progress = progress;
      });
      this.lastSync = { at: Date.now(), report };
    } catch (reason) {
      const err = toAppError(reason);
      if (err.code === 'sync.unreachable') this.offline = true;
      else this.error = err;
    }
    try {
      this.meetings = await listMeetings();
    } catch (reason) {
      this.error = toAppError(reason);
    } finally {
      this.syncing = false;
      this.progress = null;
    }
  }

  /** Tries `passphrase`; on success loads everything as at start. Returns the refusal. */
  async unlock(passphrase: string): Promise<AppError | null> {
    try {
      await unlockProfile(passphrase);
    } catch (reason) {
      return toAppError(reason);
    }
    this.locked = false;
    await this.start();
    return null;
  }

  /** Hides the error banner. */
  dismissError(): void {
    this.error = null;
  }

  /** Reads the enrolled profiles; resolves to whether it worked. */
  private async loadProfiles(): Promise<boolean> {
    try {
      const list = await listProfiles();
      this.profiles = Array.isArray(list) ? list : [];
      return true;
    } catch (reason) {
      this.profiles = [];
      const err = toAppError(reason);
      // An older backend without the command: there is just the one profile.
      if (err.code !== 'internal') this.chooserError = err;
      return false;
    }
  }

  /** "Đổi người dùng": shows the profile chooser. */
  async openChooser(): Promise<void> {
    this.chooserError = null;
    this.profiles = null;
    this.choosing = true;
    await this.loadProfiles();
  }

  /** Goes back to the open profile without switching. */
  closeChooser(): void {
    if (this.profile) this.choosing = false;
  }

  /** Opens the profile in `dir`, then loads its meetings and syncs as at start. */
  async chooseProfile(dir: string): Promise<void> {
    this.chooserError = null;
    try {
      await chooseProfile(dir);
    } catch (reason) {
      this.chooserError = toAppError(reason);
      return;
    }
    this.stopFeed?.();
    this.stopFeed = null;
    this.choosing = false;
    this.profile = null;
    this.profileKnown = false;
    this.meetings = [];
    this.lastSync = null;
    this.progress = null;
    this.error = null;
    this.offline = false;
    this.online = null;
    await this.start();
  }
}
